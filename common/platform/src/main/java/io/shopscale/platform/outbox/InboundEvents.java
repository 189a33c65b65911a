package io.shopscale.platform.outbox;

import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.events.EventEnvelope;
import io.shopscale.events.EventJson;
import io.shopscale.events.EventTypes;
import io.shopscale.events.IntegrationEvent;
import io.shopscale.platform.web.CorrelationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;

/**
 * The one way a service consumes integration events (the idempotent consumer): a Kafka listener hands each record's
 * value to {@link #apply}, which parses the envelope, skips types newer than this service and types the consumer does
 * not handle, and runs the handler and the processed-event mark in one transaction, with the envelope's correlation
 * id in the MDC so logs and the events the handler appends to the outbox carry it on.
 *
 * <p>A type the consumer does not handle (payment-service's OrderConfirmed, say: a topic carries every event of its
 * aggregate) costs no transaction and leaves no mark: applying it changes nothing, once or twice.
 *
 * <p>A record that is not an envelope, or whose data does not fit its type, raises {@link PoisonEventException},
 * which the listener's error handler sends to the dead-letter topic without retrying: no retry can fix it.
 */
public final class InboundEvents {

  private static final Logger log = LoggerFactory.getLogger(InboundEvents.class);

  private final TransactionTemplate transactions;
  private final ProcessedEvents processed;
  private final MeterRegistry meters;

  InboundEvents(TransactionTemplate transactions, ProcessedEvents processed, MeterRegistry meters) {
    this.transactions = transactions;
    this.processed = processed;
    this.meters = meters;
  }

  /** Reacts to one event, in the handler's own terms. */
  @FunctionalInterface
  public interface Handler {

    void handle(IntegrationEvent event, EventEnvelope envelope);
  }

  /**
   * Applies the record to {@code handler} unless {@code consumer} has already applied it.
   *
   * @param consumer names the effect (e.g. {@code "order-saga"}); two consumers of one event each apply it once
   * @param handles the event types the handler acts on; the others are skipped
   * @return whether the handler ran (false for a duplicate, a type this service does not know, or one it skips)
   */
  public boolean apply(String consumer, Set<Class<? extends IntegrationEvent>> handles, String record,
      Handler handler) {
    EventEnvelope envelope = parse(record);
    var type = EventTypes.find(envelope.type());
    if (type.isEmpty()) {
      log.debug("Skipping event {} of unknown type {}", envelope.id(), envelope.type());
      return false;
    }
    if (!handles.contains(type.get())) {
      count(consumer, envelope, "skipped");
      return false;
    }
    IntegrationEvent event = data(envelope, type.get());
    String previous = MDC.get(CorrelationId.MDC_KEY);
    MDC.put(CorrelationId.MDC_KEY, envelope.correlationid());
    try {
      Boolean applied = transactions.execute(status -> {
        if (!processed.firstTime(consumer, envelope.id())) {
          return false;
        }
        handler.handle(event, envelope);
        return true;
      });
      boolean ran = Boolean.TRUE.equals(applied);
      count(consumer, envelope, ran ? "applied" : "duplicate");
      return ran;
    }
    finally {
      if (previous == null) {
        MDC.remove(CorrelationId.MDC_KEY);
      }
      else {
        MDC.put(CorrelationId.MDC_KEY, previous);
      }
    }
  }

  private void count(String consumer, EventEnvelope envelope, String outcome) {
    meters.counter("shopscale.events.consumed", "consumer", consumer, "type", envelope.type(), "outcome", outcome)
        .increment();
  }

  private static EventEnvelope parse(String record) {
    if (record == null) {
      throw new PoisonEventException("A record without a value is not an event", null);
    }
    try {
      return EventJson.read(record);
    }
    catch (JacksonException e) {
      throw new PoisonEventException("Not a CloudEvents envelope", e);
    }
  }

  private static IntegrationEvent data(EventEnvelope envelope, Class<? extends IntegrationEvent> type) {
    try {
      return envelope.dataAs(type, EventJson.mapper());
    }
    catch (JacksonException | IllegalArgumentException e) {
      // records validate their invariants in their constructors; Jackson wraps those failures
      throw new PoisonEventException("Event " + envelope.id() + " does not hold a valid " + envelope.type(), e);
    }
  }
}
