package io.shopscale.user.account;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.shopscale.user.account.AccountProblems.PasswordHashingBusy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id with OWASP's m = 7 MiB, t = 5, p = 1, behind a bulkhead. OWASP lists it as as strong as m = 19 MiB, t = 2
 * (this service's setting until 2026-12), and it is the cheaper of the two to check here: 1.3-1.9x the checks per
 * second, and a third of the memory per check (docs/benchmarks.md, "Password hashing"). Hashes of the earlier
 * setting still verify (the encoder reads the parameters from the stored hash) and are replaced at their account's
 * next login ({@link #outdated}); until then {@link UnknownUserHashes} keeps their slower check from telling which
 * emails have an account.
 */
@Component
class PasswordHashing {

  private static final Logger log = LoggerFactory.getLogger(PasswordHashing.class);

  /** Parameters of an Argon2id hash, as its encoded form begins with them. */
  record Parameters(int memoryKib, int iterations) {

    static final Parameters CURRENT = new Parameters(7_168, 5);
    static final Parameters EARLIER = new Parameters(19_456, 2);

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int PARALLELISM = 1;

    Argon2PasswordEncoder encoder() {
      return new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, memoryKib, iterations);
    }

    String prefix() {
      return "$argon2id$v=19$m=%d,t=%d,p=%d$".formatted(memoryKib, iterations, PARALLELISM);
    }
  }

  private final Argon2PasswordEncoder encoder = Parameters.CURRENT.encoder();
  private final PasswordHashingSettings settings;
  private final Semaphore slots;
  private final AtomicLong refused = new AtomicLong();

  PasswordHashing(PasswordHashingSettings settings) {
    this.settings = settings;
    this.slots = new Semaphore(settings.concurrency(), true);
  }

  String hash(String password) {
    return guarded(() -> encoder.encode(password));
  }

  boolean matches(String password, String hash) {
    return guarded(() -> encoder.matches(password, hash));
  }

  /** A hash made with other parameters than today's: to be replaced once its password is known (at a login). */
  static boolean outdated(String hash) {
    return !hash.startsWith(Parameters.CURRENT.prefix());
  }

  /** Runs {@code work} in a hashing slot; {@link PasswordHashingBusy} when none frees within the wait. */
  <T> T guarded(Supplier<T> work) {
    acquire();
    try {
      return work.get();
    }
    finally {
      slots.release();
    }
  }

  private void acquire() {
    boolean acquired;
    try {
      acquired = slots.tryAcquire(settings.maxWait().toMillis(), TimeUnit.MILLISECONDS);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    // logged when refusing starts and when it ends, not per refusal: a burst refuses hundreds a second
    if (!acquired) {
      if (refused.getAndIncrement() == 0) {
        log.warn("All {} password-hashing slots stayed busy for {}: answering logins and registrations 503 until "
            + "one frees in time", settings.concurrency(), settings.maxWait());
      }
      throw new PasswordHashingBusy(settings.maxWait());
    }
    if (refused.get() > 0) {
      log.info("Password hashing accepts again; {} refused meanwhile", refused.getAndSet(0));
    }
  }
}
