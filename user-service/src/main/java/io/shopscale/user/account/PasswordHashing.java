package io.shopscale.user.account;

import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.shopscale.user.account.AccountProblems.PasswordHashingBusy;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id with one of OWASP's equivalent parameter sets (m = 7168 KiB, t = 5, p = 1), behind a bulkhead. Checking a
 * password of an unknown user costs the same as checking a wrong one, so response times do not reveal which emails
 * exist. A stored hash carries its own parameters and is checked with them, so hashes made with the earlier
 * m = 19456 KiB, t = 2 keep working.
 */
@Component
class PasswordHashing {

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int PARALLELISM = 1;
  // OWASP lists m = 46/19/12/9/7 MiB with t = 1/2/3/4/5 as equally strong; 7 MiB, t = 5 checked a password fastest
  // here (about 1.8x m = 19 MiB, t = 2 under C2: docs/benchmarks.md, "Password hashing"), and takes the least heap.
  private static final int MEMORY_KIB = 7_168;
  private static final int ITERATIONS = 5;

  private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM,
      MEMORY_KIB, ITERATIONS);
  private final PasswordHashingSettings settings;
  private final Semaphore slots;
  // Same parameters as real hashes, so verifying against it takes as long; its password is never known.
  private final String unknownUserHash;

  PasswordHashing(PasswordHashingSettings settings) {
    this.settings = settings;
    this.slots = new Semaphore(settings.concurrency(), true);
    this.unknownUserHash = encoder.encode(UUID.randomUUID().toString());
  }

  String hash(String password) {
    return guarded(() -> encoder.encode(password));
  }

  /** False for a null hash (no such user), after the same work as a real check. */
  boolean matches(String password, @Nullable String hash) {
    boolean matches = guarded(() -> encoder.matches(password, hash != null ? hash : unknownUserHash));
    return hash != null && matches;
  }

  private <T> T guarded(Supplier<T> work) {
    try {
      if (!slots.tryAcquire(settings.maxWait().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new PasswordHashingBusy(settings.maxWait());
      }
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new PasswordHashingBusy(settings.maxWait());
    }
    try {
      return work.get();
    }
    finally {
      slots.release();
    }
  }
}
