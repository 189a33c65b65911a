package io.shopscale.platform.outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The idempotent-consumer record: call {@link #firstTime} inside the transaction that applies the event. A
 * redelivered or replayed event finds its row and is skipped; if the effect rolls back, so does the row.
 */
public final class ProcessedEvents {

  private final JdbcClient jdbc;

  ProcessedEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public boolean firstTime(String consumer, String eventId) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("ProcessedEvents.firstTime must run in the transaction of the event's effect");
    }
    return jdbc.sql("INSERT INTO processed_events (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .params(consumer, eventId).update() == 1;
  }
}
