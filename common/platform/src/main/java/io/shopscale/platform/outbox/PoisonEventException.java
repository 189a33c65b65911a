package io.shopscale.platform.outbox;

import org.jspecify.annotations.Nullable;

/** A record no retry can make consumable; it goes straight to the dead-letter topic. */
public final class PoisonEventException extends RuntimeException {

  PoisonEventException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
