package io.shopscale.user.auth;

import java.time.Clock;

import io.shopscale.user.account.AccountDisabled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A disabled account's refresh tokens die with the disabling, in its transaction (synchronous listener). */
@Component
class RevokeOnDisable {

  private static final Logger log = LoggerFactory.getLogger(RevokeOnDisable.class);

  private final RefreshTokens refreshTokens;
  private final Clock clock;

  RevokeOnDisable(RefreshTokens refreshTokens, Clock clock) {
    this.refreshTokens = refreshTokens;
    this.clock = clock;
  }

  @EventListener
  void on(AccountDisabled disabled) {
    int revoked = refreshTokens.revokeAllOf(disabled.userId(), clock.instant());
    log.info("Account {} disabled; {} refresh tokens revoked", disabled.userId(), revoked);
  }
}
