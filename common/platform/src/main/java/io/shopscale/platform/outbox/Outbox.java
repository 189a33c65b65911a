package io.shopscale.platform.outbox;

import java.time.Clock;

import io.shopscale.events.EventEnvelope;
import io.shopscale.events.EventJson;
import io.shopscale.events.IntegrationEvent;
import io.shopscale.events.Topics;
import io.shopscale.platform.web.CorrelationId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends an integration event to the outbox table in the caller's transaction: the event exists exactly when the
 * change that caused it committed. There is no other way to publish: no service sends to Kafka itself.
 */
public final class Outbox {

  private final JdbcClient jdbc;
  private final String source;
  private final Clock clock;
  private final TraceContinuation traces;

  Outbox(JdbcClient jdbc, String source, Clock clock, TraceContinuation traces) {
    this.jdbc = jdbc;
    this.source = source;
    this.clock = clock;
    this.traces = traces;
  }

  public void append(IntegrationEvent event) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("Outbox.append needs the transaction of the change that caused "
          + event.type() + "; without it the event and the change could disagree");
    }
    EventEnvelope envelope = EventEnvelope.of(event, source, CorrelationId.current(), clock, EventJson.mapper());
    jdbc.sql("""
        INSERT INTO outbox_events (id, aggregate_id, topic, type, envelope, traceparent)
        VALUES (CAST(? AS uuid), ?, ?, ?, ?, ?)
        """)
        .params(envelope.id(), event.subject(), Topics.topicOf(event), event.type(), EventJson.write(envelope),
            traces.current())
        .update();
  }
}
