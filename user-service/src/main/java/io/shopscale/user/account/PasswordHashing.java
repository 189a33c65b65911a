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
 * Argon2id with OWASP's parameters (m = 19456 KiB, t = 2, p = 1), behind a bulkhead. Checking a password of an
 * unknown user costs the same as checking a wrong one, so response times do not reveal which emails exist.
 */
@Component
class PasswordHashing {

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int PARALLELISM = 1;
  private static final int MEMORY_KIB = 19_456;
  private static final int ITERATIONS = 2;

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
