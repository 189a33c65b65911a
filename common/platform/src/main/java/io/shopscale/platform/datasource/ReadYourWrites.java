package io.shopscale.platform.datasource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
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

  /**
   * Where the marks are shared between instances. An interface, so this class never names a Redis type: a service
   * without spring-data-redis (order, payment) must be able to load it.
   */
  interface SharedMarks {

    /** @throws RuntimeException when the store cannot be written */
    void mark(String user, Duration window);

    /** @throws RuntimeException when the store cannot answer */
    boolean marked(String user);
  }

  private final Duration window;
  private final @Nullable SharedMarks shared;
  private final Map<String, Long> localUntil = new ConcurrentHashMap<>();

  ReadYourWrites(Duration window, @Nullable SharedMarks shared) {
    this.window = window;
    this.shared = shared;
  }

  @Override
  public void afterCommit(TransactionExecution transaction, @Nullable Throwable commitFailure) {
    String user = currentUser();
    if (user == null || commitFailure != null || transaction.isReadOnly() || !transaction.isNewTransaction()) {
      return;
    }
    localUntil.put(user, System.nanoTime() + window.toNanos());
    if (shared != null) {
      try {
        shared.mark(user, window);
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
    if (shared == null) {
      return false;
    }
    try {
      return shared.marked(user);
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
