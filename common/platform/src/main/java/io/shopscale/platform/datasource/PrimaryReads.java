package io.shopscale.platform.datasource;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A read that must see the primary, for the few reads a replica up to the lag bound behind would get wrong (a cache
 * fill that would live for a whole TTL, a resource the API promises right after its 202). It runs in a read-only
 * transaction, so it is not a write: it never marks the caller for read-your-writes, and the caller's next ordinary
 * reads still go to a replica. Without replicas it is just a read-only transaction.
 *
 * <p>Called inside a read-write transaction, it joins it and reads through that transaction's connection, the
 * primary's. Inside another read-only transaction it refuses: that transaction's connection may already be a
 * replica's (it is fetched lazily, at the first statement), and a read that silently went there would be the bug
 * this class exists to prevent. Call it outside other transactions, as services do for reads.
 */
public final class PrimaryReads {

  // Per thread, not per transaction: the routing decision is taken when the lazy connection is fetched, at the first
  // statement inside the callback, and nothing else is at hand there to say "this one to the primary".
  private static final ThreadLocal<Boolean> REQUESTED = new ThreadLocal<>();

  private final TransactionTemplate readOnly;

  PrimaryReads(PlatformTransactionManager transactions) {
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
  }

  /** Runs {@code query} in a read-only transaction on the primary and returns what it returns. */
  public <T extends @Nullable Object> T read(Supplier<T> query) {
    boolean nested = requested();
    if (!nested && TransactionSynchronizationManager.isActualTransactionActive()
        && TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
      throw new IllegalStateException("A primary read cannot join a read-only transaction, whose connection may "
          + "be a replica's: read from the primary outside it");
    }
    REQUESTED.set(Boolean.TRUE);
    try {
      return readOnly.execute(status -> query.get());
    }
    finally {
      // an inner read leaves the outer one's request in place; the outermost one leaves the thread clean
      if (!nested) {
        REQUESTED.remove();
      }
    }
  }

  /** True on a thread inside {@link #read}: the router then hands out a primary connection. */
  static boolean requested() {
    return REQUESTED.get() != null;
  }
}
