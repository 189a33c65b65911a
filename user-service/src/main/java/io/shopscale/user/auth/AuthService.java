package io.shopscale.user.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.shopscale.platform.ids.Uuid7;
import io.shopscale.user.account.AccountService;
import io.shopscale.user.account.UserProfile;
import io.shopscale.user.auth.AuthProblems.BadCredentials;
import io.shopscale.user.auth.AuthProblems.InvalidRefreshToken;
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

  AuthService(AccountService accounts, AccessTokens accessTokens, RefreshTokens refreshTokens,
      PlatformTransactionManager transactions, Clock clock) {
    this.accounts = accounts;
    this.accessTokens = accessTokens;
    this.refreshTokens = refreshTokens;
    this.writes = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  TokenPair login(String email, String password) {
    UserProfile user = accounts.authenticate(email, password).orElseThrow(BadCredentials::new);
    String refreshToken = writes.execute(status -> refreshTokens.issue(user.id(), Uuid7.next(), clock.instant()));
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
      // always present: refresh tokens go when their user goes (foreign key with cascade)
      return accounts.current(use.get().userId())
          .map(user -> new Rotated(user, refreshTokens.issue(user.id(), use.get().family(), now)));
    });
    Rotated next = rotated.orElseThrow(InvalidRefreshToken::new);
    return TokenPair.bearer(accessTokens.issue(next.user()), accessTokens.lifetimeSeconds(), next.refreshToken());
  }

  private record Rotated(UserProfile user, String refreshToken) {
  }
}
