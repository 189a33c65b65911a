package io.shopscale.user.account;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.shopscale.platform.cache.CacheAside;
import io.shopscale.platform.cache.CacheAsideFactory;
import io.shopscale.platform.datasource.PrimaryReads;
import io.shopscale.user.account.AccountProblems.EmailTaken;
import io.shopscale.user.account.AccountProblems.UserNotFound;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts and profiles. Password hashing runs outside transactions (it is slow and needs no connection). Profile
 * reads go through the cache (cache-aside); every change commits first and then writes the new profile through,
 * versioned, so the next read on any instance sees it. Anything that goes into a token is read from the database.
 */
@Service
public class AccountService {

  private static final Logger log = LoggerFactory.getLogger(AccountService.class);
  private static final String EMAIL_UNIQUE_INDEX = "users_email_unique";

  private final UserRepository users;
  private final PasswordHashing passwords;
  private final UnknownUserHashes unknownUsers;
  private final CacheAside<VersionedProfile> cache;
  private final TransactionTemplate writes;
  private final PrimaryReads primaryReads;
  private final Clock clock;

  AccountService(UserRepository users, PasswordHashing passwords, UnknownUserHashes unknownUsers,
      CacheAsideFactory caches, PlatformTransactionManager transactions, PrimaryReads primaryReads, Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.unknownUsers = unknownUsers;
    this.cache = caches.createVersioned("profile", VersionedProfile.class, VersionedProfile::version);
    this.writes = new TransactionTemplate(transactions);
    // no read here may be stale (see below), and reading the primary must not mark the caller as a writer
    this.primaryReads = primaryReads;
    this.clock = clock;
  }

  /** The one spelling of an email address the service stores and looks up. */
  static String normalise(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  UserProfile register(String email, String password, String name, Set<Role> roles) {
    String hash = passwords.hash(password);
    VersionedProfile created;
    try {
      // no "does it exist?" query first: two concurrent registrations would both pass it; the index decides
      created = writes.execute(status -> users.saveAndFlush(
          User.register(normalise(email), hash, name.strip(), roles, clock.instant())).view());
    }
    catch (DataIntegrityViolationException ex) {
      if (String.valueOf(ex.getMostSpecificCause().getMessage()).contains(EMAIL_UNIQUE_INDEX)) {
        throw new EmailTaken();
      }
      throw ex;
    }
    cache.put(created.profile().id(), created);
    return created.profile();
  }

  boolean exists(String email) {
    return Boolean.TRUE.equals(primaryReads.read(() -> users.findByEmail(normalise(email)).isPresent()));
  }

  /**
   * The user with this email and password, if both are right. Unknown email and wrong password take the same
   * time and give the same empty answer. A right password whose hash has outdated parameters is hashed again.
   */
  public Optional<UserProfile> authenticate(String email, String password) {
    String normalised = normalise(email);
    // primary, not a replica: a login right after registering must find the account
    Optional<Credentials> found = primaryReads.read(() -> users.findByEmail(normalised)
        .map(user -> new Credentials(user.passwordHash(), user.view().profile())));
    String hash = found.map(Credentials::passwordHash).orElseGet(() -> unknownUsers.hashFor(normalised));
    boolean matches = passwords.matches(password, hash) && found.isPresent();
    if (matches && PasswordHashing.outdated(hash)) {
      rehash(found.get().profile().id(), password);
    }
    // a disabled account gets the bad-password answer, after the same hashing time
    return matches ? found.map(Credentials::profile).filter(profile -> !profile.disabled()) : Optional.empty();
  }

  private void rehash(UUID id, String password) {
    try {
      String hash = passwords.hash(password);
      change(id, user -> user.replacePasswordHash(hash, clock.instant()));
    }
    catch (RuntimeException ex) {
      // e.g. no hashing slot free: the login itself succeeded, and the next one tries again
      log.warn("Could not replace the outdated password hash of user {}", id, ex);
    }
  }

  /** The profile as it is now in the database, for a token: roles and tier must not come from a cache. */
  public Optional<UserProfile> current(UUID id) {
    return primaryReads.read(() -> users.findById(id).map(user -> user.view().profile()));
  }

  /**
   * A miss loads from the primary, not a replica: a lagging replica could fill the cache with a profile older than
   * a change whose write-through failed, and a filled value lives for the whole TTL.
   */
  Optional<UserProfile> find(UUID id) {
    return cache.get(id, () -> primaryReads.read(() -> users.findById(id).map(User::view)))
        .map(VersionedProfile::profile);
  }

  UserProfile rename(UUID id, String name) {
    return change(id, user -> user.rename(name.strip(), clock.instant()));
  }

  UserProfile changeAccess(UUID id, @Nullable Tier tier, @Nullable Set<Role> roles) {
    return change(id, user -> {
      if (tier != null) {
        user.changeTier(tier, clock.instant());
      }
      if (roles != null) {
        user.changeRoles(EnumSet.copyOf(roles), clock.instant());
      }
    });
  }

  /** Disables the account and, in the same transaction, revokes its refresh tokens ({@link AccountDisabled}). */
  UserProfile disable(UUID id) {
    return change(id, user -> user.disable(clock.instant()));
  }

  UserProfile enable(UUID id) {
    return change(id, user -> user.enable(clock.instant()));
  }

  private UserProfile change(UUID id, Consumer<User> change) {
    VersionedProfile changed = writes.execute(status -> {
      User user = users.findForUpdate(id).orElseThrow(() -> new UserNotFound(id));
      change.accept(user);
      return users.saveAndFlush(user).view();
    });
    cache.put(id, changed);
    return changed.profile();
  }

  private record Credentials(String passwordHash, UserProfile profile) {
  }
}
