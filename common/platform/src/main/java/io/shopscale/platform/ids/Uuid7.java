package io.shopscale.platform.ids;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * RFC 9562 version 7 UUIDs: time-ordered, so new rows land at the end of B-tree indexes instead of at random
 * pages, and ids sort roughly by creation time.
 */
public final class Uuid7 {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Uuid7() {
  }

  public static UUID next() {
    return next(Clock.systemUTC());
  }

  static UUID next(Clock clock) {
    long millis = clock.millis();
    long randomA = RANDOM.nextInt(1 << 12);
    long mostSignificant = (millis << 16) | 0x7000L | randomA;
    long leastSignificant = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(mostSignificant, leastSignificant);
  }
}
