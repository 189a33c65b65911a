package io.shopscale.platform.datasource;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param replicas streaming replicas of the primary ({@code spring.datasource.*}); none means every query runs on
 *     the primary and nothing else changes
 * @param maxReplicaLag a replica further behind than this is taken out until it catches up; also the bound on how
 *     stale another user's read can be
 * @param healthCheckInterval how often each replica's reachability and replay lag are checked
 * @param readYourWritesWindow how long after a write the writing user's reads stay on the primary; never less than
 *     {@link #readYourWritesBound()}
 * @param replicaPool the connection pool of each replica
 */
@ConfigurationProperties("shopscale.datasource")
public record RoutingSettings(
    @DefaultValue List<Replica> replicas,
    @DefaultValue("3s") Duration maxReplicaLag,
    @DefaultValue("1s") Duration healthCheckInterval,
    @DefaultValue("5s") Duration readYourWritesWindow,
    @DefaultValue Pool replicaPool) {

  /**
   * How long the writer's reads stay on the primary: the configured window, but at least until a replica that has
   * not replayed the write is out of rotation. The health check dates a primary position from the check before it
   * was read, and finds a lag above the bound at most one interval late: the lag bound plus two intervals.
   */
  public Duration readYourWritesBound() {
    Duration enforced = maxReplicaLag.plus(healthCheckInterval.multipliedBy(2));
    return readYourWritesWindow.compareTo(enforced) >= 0 ? readYourWritesWindow : enforced;
  }

  /**
   * @param url the replica's JDBC URL
   * @param username defaults to the primary's
   * @param password defaults to the primary's
   */
  public record Replica(String url, @Nullable String username, @Nullable String password) {
  }

  /**
   * Replica pools are sized and timed separately from the primary's: they fail fast so reads fall back.
   *
   * @param maximumSize connections per replica at most
   * @param connectionTimeout how long a read waits for a replica connection before it falls back to the primary
   */
  public record Pool(@DefaultValue("10") int maximumSize, @DefaultValue("500ms") Duration connectionTimeout) {
  }
}
