package io.shopscale.user.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Failed logins per target account (the email, whoever sends it): the first {@code freeFailures} cost nothing, each
 * further one makes the account wait {@code firstDelay}, doubled every time, at most {@code maxDelay}. So the real
 * owner waits at most {@code maxDelay} after the last wrong guess, and the count is forgotten after {@code window}
 * without a failure.
 *
 * @param keyPrefix Redis key prefix of the per-account failure counters
 * @param freeFailures failed logins in a row that cause no wait
 * @param firstDelay wait after the first failure beyond the free ones
 * @param maxDelay the longest wait; bounds how long an attack keeps the owner out after it stops
 * @param window how long an account's failures are remembered after its last failure
 * @param spreadAccounts distinct accounts one client address may fail to log in to within {@code spreadWindow}
 *     before its failures count as spread over many accounts (password spraying, credential stuffing)
 * @param spreadWindow the window, from a client's first failure, in which its distinct failed accounts are counted
 */
@ConfigurationProperties("shopscale.user.login-throttle")
record LoginThrottleSettings(
    @DefaultValue("shopscale:login-failures") String keyPrefix,
    @DefaultValue("5") int freeFailures,
    @DefaultValue("2s") Duration firstDelay,
    @DefaultValue("5m") Duration maxDelay,
    @DefaultValue("15m") Duration window,
    @DefaultValue("10") int spreadAccounts,
    @DefaultValue("10m") Duration spreadWindow) {

  LoginThrottleSettings {
    if (freeFailures < 0 || firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0
        || window.compareTo(maxDelay) < 0) {
      throw new IllegalArgumentException("shopscale.user.login-throttle needs free-failures >= 0 and "
          + "0 < first-delay <= max-delay <= window");
    }
  }
}
