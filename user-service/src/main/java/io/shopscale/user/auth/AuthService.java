package io.shopscale.user.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.platform.ids.Uuid7;
import io.shopscale.platform.web.CorrelationId;
import io.shopscale.user.account.AccountService;
import io.shopscale.user.account.UserProfile;
import io.shopscale.user.auth.AuthProblems.BadCredentials;
import io.shopscale.user.auth.AuthProblems.InvalidRefreshToken;
import io.shopscale.user.auth.AuthProblems.LoginThrottled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Logins and refreshes. Both read roles and tier from the database at that moment, so an administrator's change
 * reaches the user's next token.
 */
@Service
class AuthService {

  private static final Logger log = LoggerFactory.getLogger(AuthService.class);

  private final AccountService accounts;
  private final AccessTokens accessTokens;
  private final RefreshTokens refreshTokens;
  private final TransactionTemplate writes;
  private final Clock clock;
  private final LoginThrottle throttle;
  private final LoginThrottleSettings throttleSettings;
  private final MeterRegistry meters;
  private final Counter spreadFailures;

  AuthService(AccountService accounts, AccessTokens accessTokens, RefreshTokens refreshTokens,
      PlatformTransactionManager transactions, Clock clock, LoginThrottle throttle,
      LoginThrottleSettings throttleSettings, MeterRegistry meters) {
    this.accounts = accounts;
    this.accessTokens = accessTokens;
    this.refreshTokens = refreshTokens;
    this.writes = new TransactionTemplate(transactions);
    this.clock = clock;
    this.throttle = throttle;
    this.throttleSettings = throttleSettings;
    this.meters = meters;
    // registered up front, like every outcome: alert rules see a 0 rather than no series at all
    for (Outcome outcome : Outcome.values()) {
      meters.counter("shopscale.auth.logins", "outcome", outcome.label);
    }
    this.spreadFailures = Counter.builder("shopscale.auth.login.failures.spread")
        .description("Failed logins from a client address that failed on many distinct accounts lately")
        .register(meters);
  }

  /**
   * Every attempt is counted in {@code shopscale.auth.logins{outcome}} and logged with the account (its id, or the
   * email's hash when the login failed), the client address and the correlation id, never the password or the email.
   */
  TokenPair login(String email, String password, String client) {
    String account = LoginThrottle.accountKey(email);
    Duration waiting = throttle.waiting(account);
    if (waiting.isPositive()) {
      attempt(Outcome.THROTTLED, "email-sha256:" + account, client);
      throw new LoginThrottled(waiting);
    }
    Optional<UserProfile> authenticated = accounts.authenticate(email, password);
    if (authenticated.isEmpty()) {
      Duration imposed = throttle.failed(account);
      attempt(Outcome.FAILURE, "email-sha256:" + account, client);
      if (imposed.isPositive()) {
        log.info("Logins to account email-sha256:{} wait {} ms after repeated failures", account, imposed.toMillis());
      }
      long accountsFailed = throttle.failedFrom(client, account);
      if (accountsFailed >= throttleSettings.spreadAccounts()) {
        spreadFailures.increment();
        if (accountsFailed == throttleSettings.spreadAccounts()) {
          log.warn("Login failures spread over many accounts: client={} failed on {} distinct accounts within {}",
              client, accountsFailed, throttleSettings.spreadWindow());
        }
      }
      throw new BadCredentials();
    }
    UserProfile user = authenticated.get();
    throttle.succeeded(account);
    attempt(Outcome.SUCCESS, "user:" + user.id(), client);
    Instant now = clock.instant();
    String refreshToken = writes.execute(status -> refreshTokens.issue(user.id(), Uuid7.next(), now, now));
    return TokenPair.bearer(accessTokens.issue(user), accessTokens.lifetimeSeconds(), refreshToken);
  }

  TokenPair refresh(String refreshToken) {
    // The revocation of a reused token's family must commit, so the 401 is thrown after the transaction.
    Optional<Rotated> rotated = writes.execute(status -> {
      Instant now = clock.instant();
      Optional<RefreshTokens.Use> use = refreshTokens.use(refreshToken, now);
      if (use.isEmpty()) {
        refreshTokens.revokeFamilyIfReused(refreshToken, now).ifPresent(reused -> log.warn(
            "A used refresh token came back; revoked token family {} of user {}", reused.family(), reused.userId()));
        return Optional.<Rotated>empty();
      }
      // present unless disabled: refresh tokens go when their user goes (foreign key with cascade), and disabling
      // revokes them, so a disabled profile here means a refresh that raced with the disabling
      return accounts.current(use.get().userId())
          .filter(user -> !user.disabled())
          .map(user -> new Rotated(user,
              refreshTokens.issue(user.id(), use.get().family(), now, use.get().sessionStartedAt())));
    });
    Rotated next = rotated.orElseThrow(InvalidRefreshToken::new);
    return TokenPair.bearer(accessTokens.issue(next.user()), accessTokens.lifetimeSeconds(), next.refreshToken());
  }

  /** Ends the session the refresh token belongs to; an unknown or spent token is no error (nothing to end). */
  void logout(String refreshToken) {
    writes.executeWithoutResult(status -> refreshTokens.revokeFamilyOf(refreshToken, clock.instant()));
  }

  /** Ends every session of the user. Access tokens already issued live on until they expire (access-ttl). */
  void logoutEverywhere(UUID userId) {
    int revoked = writes.execute(status -> refreshTokens.revokeAllOf(userId, clock.instant()));
    log.info("User {} logged out everywhere; {} refresh tokens revoked", userId, revoked);
  }

  private void attempt(Outcome outcome, String account, String client) {
    meters.counter("shopscale.auth.logins", "outcome", outcome.label).increment();
    // the correlation id is also in the MDC; named here so the line stands alone in any log format
    log.info("Login {} account={} client={} correlationId={}", outcome.label, account, client, CorrelationId.current());
  }

  /** The {@code outcome} label of {@code shopscale_auth_logins_total}; alert rules depend on these values. */
  enum Outcome {
    SUCCESS("success"), FAILURE("failure"), THROTTLED("throttled");

    final String label;

    Outcome(String label) {
      this.label = label;
    }
  }

  private record Rotated(UserProfile user, String refreshToken) {
  }
}
