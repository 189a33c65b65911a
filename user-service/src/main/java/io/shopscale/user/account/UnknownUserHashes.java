package io.shopscale.user.account;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.shopscale.user.account.PasswordHashing.Parameters;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hash an unknown email's password is checked against, so that the check takes as long as a real account's.
 * Accounts whose hash still has the earlier, slower parameters take longer to check; if every unknown email were
 * checked against a hash of today's parameters, timing would reveal those accounts. So the same share of unknown
 * emails is checked against a hash of the earlier parameters, chosen by a keyed hash of the email: one email always
 * takes the same time, and without the key (the database's, {@code password_check_key}) nobody can tell which emails
 * those are. The share is read again every ten minutes: it only falls, as accounts log in and are hashed again.
 */
@Component
class UnknownUserHashes {

  private static final Duration REFRESH = Duration.ofMinutes(10);

  private final JdbcClient jdbc;
  private final Clock clock;
  // never the hash of a known password
  private final String current = Parameters.CURRENT.encoder().encode(UUID.randomUUID().toString());
  private volatile @Nullable Snapshot snapshot;

  UnknownUserHashes(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The dummy hash for {@code email} (normalised), with the parameters its email draws. */
  String hashFor(String email) {
    Snapshot now = snapshot();
    return checkedAsEarlier(now.key(), email, now.earlierShare()) ? EarlierDummy.HASH : current;
  }

  /** Whether {@code email} is one of the {@code share} of unknown emails checked with the earlier parameters. */
  static boolean checkedAsEarlier(byte[] key, String email, double share) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      long draw = ByteBuffer.wrap(mac.doFinal(email.getBytes(StandardCharsets.UTF_8))).getLong() >>> 11;
      // 53 random bits as a fraction in [0, 1)
      return draw * 0x1.0p-53 < share;
    }
    catch (GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
    }
  }

  private Snapshot snapshot() {
    Snapshot known = snapshot;
    Instant now = clock.instant();
    if (known == null || now.isAfter(known.takenAt().plus(REFRESH))) {
      String key = jdbc.sql("SELECT key FROM password_check_key WHERE id = 1").query(String.class).single();
      double share = jdbc.sql("""
          SELECT coalesce(avg(CASE WHEN password_hash LIKE :current THEN 0.0 ELSE 1.0 END), 0) FROM users""")
          .param("current", Parameters.CURRENT.prefix() + "%").query(Double.class).single();
      known = new Snapshot(key.getBytes(StandardCharsets.UTF_8), share, now);
      snapshot = known;
    }
    return known;
  }

  /** Made on first use: a database without earlier hashes (every new one) never needs it, so no start pays for it. */
  private static final class EarlierDummy {

    static final String HASH = Parameters.EARLIER.encoder().encode(UUID.randomUUID().toString());
  }

  private record Snapshot(byte[] key, double earlierShare, Instant takenAt) {
  }
}
