package io.shopscale.platform.outbox;

import org.jspecify.annotations.Nullable;

/**
 * A record no retry can make consumable; it goes straight to the dead-letter topic. The platform raises it for a
 * record that is not an event; a service raises it for an event it must never apply (e.g. a payment for another
 * amount than the order's), so that the record is kept for inspection instead of retried or dropped.
 */
public final class PoisonEventException extends RuntimeException {

  public PoisonEventException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
