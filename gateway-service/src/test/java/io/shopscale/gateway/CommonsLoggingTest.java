package io.shopscale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Spring logs through commons-logging, often {@code debug(LogMessage)} with no level check of its own (Spring
 * Security's matchers, one message per matcher and request): the message is built only if someone renders it.
 */
class CommonsLoggingTest {

  private static final String NAME = "io.shopscale.gateway.CommonsLoggingTest";

  private final AtomicInteger rendered = new AtomicInteger();
  private final Object message = new Object() {
    @Override
    public String toString() {
      rendered.incrementAndGet();
      return "a message";
    }
  };

  @Test
  void aDebugMessageIsNotRenderedWhileDebugIsOff() {
    ((Logger) LoggerFactory.getLogger(NAME)).setLevel(Level.INFO);

    LogFactory.getLog(NAME).debug(message);

    assertThat(rendered).hasValue(0);
  }

  @Test
  void aMessageAtAnEnabledLevelReachesLogback() {
    Logger logger = (Logger) LoggerFactory.getLogger(NAME);
    logger.setLevel(Level.DEBUG);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try {
      LogFactory.getLog(NAME).debug(message);
    }
    finally {
      logger.detachAppender(events);
    }

    assertThat(events.list).singleElement().satisfies(event -> {
      assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
      assertThat(event.getFormattedMessage()).isEqualTo("a message");
    });
  }
}
