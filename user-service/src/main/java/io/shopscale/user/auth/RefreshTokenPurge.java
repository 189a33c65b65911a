package io.shopscale.user.auth;

import java.time.Clock;
import java.time.Duration;

import io.shopscale.platform.jobs.BackgroundWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps refresh_tokens from growing with every login: expired tokens are deleted a day after they expired. */
@Component
class RefreshTokenPurge {

  private static final Logger log = LoggerFactory.getLogger(RefreshTokenPurge.class);
  static final Duration GRACE = Duration.ofDays(1);

  private final RefreshTokens tokens;
  private final BackgroundWork background;
  private final Clock clock;

  RefreshTokenPurge(RefreshTokens tokens, BackgroundWork background, Clock clock) {
    this.tokens = tokens;
    this.background = background;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${shopscale.user.tokens.purge-every:1h}", initialDelayString = "1m")
  public void purge() {
    int deleted = background.execute(status -> tokens.forgetExpiredBefore(clock.instant().minus(GRACE)));
    if (deleted > 0) {
      log.info("Deleted {} refresh tokens expired for more than {}", deleted, GRACE);
    }
  }
}
