package io.shopscale.platform.datasource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Read-your-writes for the writer: after a user's read-write transaction commits, that user's reads go to the
 * primary for a window at least as long as the allowed replica lag, so they never see the world before their own
 * write. Other users may read from a replica up to that lag behind. The mark is kept in this instance and, when
 * Redis is there, in Redis so that every instance honours it; if Redis cannot answer, reads go to the primary.
 */
final class ReadYourWrites implements TransactionExecutionListener {

  private final Duration window;
  private final @Nullable StringRedisTemplate redis;
  private final String keyPrefix;
  private final Map<String, Long> localUntil = new ConcurrentHashMap<>();

  ReadYourWrites(Duration window, @Nullable StringRedisTemplate redis, String keyPrefix) {
    this.window = window;
    this.redis = redis;
    this.keyPrefix = keyPrefix + ":ryw:";
  }

  @Override
  public void afterCommit(TransactionExecution transaction, @Nullable Throwable commitFailure) {
    String user = currentUser();
    if (user == null || commitFailure != null || transaction.isReadOnly() || !transaction.isNewTransaction()) {
      return;
    }
    localUntil.put(user, System.nanoTime() + window.toNanos());
    if (redis != null) {
      try {
        redis.opsForValue().set(keyPrefix + user, "1", window);
      }
      catch (RuntimeException ex) {
        // other instances may then read this user's data from a replica, at most maxReplicaLag behind
      }
    }
  }

  /** True when the current user wrote within the window, so this read must see the primary. */
  boolean applies() {
    String user = currentUser();
    if (user == null) {
      return false;
    }
    Long until = localUntil.get(user);
    if (until != null) {
      if (System.nanoTime() - until < 0) {
        return true;
      }
      localUntil.remove(user, until);
    }
    if (redis == null) {
      return false;
    }
    try {
      return Boolean.TRUE.equals(redis.hasKey(keyPrefix + user));
    }
    catch (RuntimeException ex) {
      return true;
    }
  }

  private static @Nullable String currentUser() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication == null || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken ? null : authentication.getName();
  }
}
