package io.shopscale.gateway.ratelimit;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.gateway.edge.ClientAddresses;
import io.shopscale.gateway.ratelimit.RateLimitSettings.Tier;
import io.shopscale.gateway.ratelimit.RedisRateLimits.Decision;
import io.shopscale.platform.web.Problems;
import io.shopscale.platform.web.reactive.ReactiveProblemWriter;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code TieredRateLimit} in a route's filters: each request counts against the caller's limit. The caller is the
 * token's subject when the edge accepted a token, else the client address; the limit and its algorithm (token bucket,
 * sliding window, fixed window) follow the tier, with the same headers and the same fail-open for all three.
 * {@code TieredRateLimit=AUTH} counts every request against the client address in that tier's limit, whatever token
 * it carries: on login and registration a token proves nothing about who is guessing passwords, and keying them by
 * token would give one address a fresh budget per account it registered.
 * Spring Cloud Gateway's {@code RedisRateLimiter} was not used: its limits are per route, not per caller, it has no
 * reset time, and what it does when Redis fails is not ours to decide.
 */
@Component
class TieredRateLimitGatewayFilterFactory
    extends
      AbstractGatewayFilterFactory<TieredRateLimitGatewayFilterFactory.Config> {

  private final RedisRateLimits limiter;
  private final RateLimitSettings settings;
  private final ClientAddresses addresses;
  private final ReactiveProblemWriter problems;
  private final MeterRegistry meters;

  TieredRateLimitGatewayFilterFactory(RedisRateLimits limiter, RateLimitSettings settings,
      ClientAddresses addresses, ReactiveProblemWriter problems, MeterRegistry meters) {
    super(Config.class);
    this.limiter = limiter;
    this.settings = settings;
    this.addresses = addresses;
    this.problems = problems;
    this.meters = meters;
  }

  @Override
  public List<String> shortcutFieldOrder() {
    return List.of("addressTier");
  }

  @Override
  public GatewayFilter apply(Config config) {
    String addressTier = config.getAddressTier();
    if (addressTier != null) {
      String tier = addressTier.toUpperCase(Locale.ROOT);
      if (!settings.tiers().containsKey(tier)) {
        throw new IllegalArgumentException("TieredRateLimit=" + addressTier + " needs shopscale.ratelimit.tiers."
            + addressTier.toLowerCase(Locale.ROOT));
      }
      // registered up front: ShopScaleAuthClientOverLimit reads it, and a 0 is clearer to an alert than no series
      count(tier, "limited", 0);
      return (exchange, chain) -> limit(exchange, chain,
          Mono.just(new Caller(tier.toLowerCase(Locale.ROOT) + ":" + addresses.rateLimitKey(exchange.getRequest()),
              tier)));
    }
    return (exchange, chain) -> limit(exchange, chain, exchange.getPrincipal()
        .filter(JwtAuthenticationToken.class::isInstance)
        .map(principal -> caller(((JwtAuthenticationToken) principal).getToken()))
        .defaultIfEmpty(new Caller("ip:" + addresses.rateLimitKey(exchange.getRequest()),
            RateLimitSettings.ANONYMOUS)));
  }

  private Mono<Void> limit(ServerWebExchange exchange, GatewayFilterChain chain, Mono<Caller> callers) {
    return callers.flatMap(caller -> {
      Tier tier = settings.tier(caller.tier());
      return limiter.take(caller.key(), tier)
          .map(Optional::of)
          .defaultIfEmpty(Optional.empty())
          .flatMap(checked -> {
            if (checked.isEmpty()) {
              count(caller.tier(), "unchecked");
              return chain.filter(exchange);
            }
            Decision decision = checked.get();
            count(caller.tier(), decision.allowed() ? "allowed" : "limited");
            setHeaders(exchange, decision);
            return decision.allowed()
                ? chain.filter(exchange)
                : tooManyRequests(problems, exchange, decision.retryAfterMillis());
          });
    });
  }

  private Caller caller(Jwt token) {
    String key = "user:" + token.getSubject();
    List<String> roles = token.getClaimAsStringList("roles");
    if (roles != null && roles.contains(RateLimitSettings.ADMIN)) {
      return new Caller(key, RateLimitSettings.ADMIN);
    }
    String tier = token.getClaimAsString("tier");
    tier = tier != null ? tier.toUpperCase(Locale.ROOT) : RateLimitSettings.FALLBACK_TIER;
    return new Caller(key, settings.tiers().containsKey(tier) ? tier : RateLimitSettings.FALLBACK_TIER);
  }

  private static void setHeaders(ServerWebExchange exchange, Decision decision) {
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set("X-RateLimit-Limit", String.valueOf(decision.limit()));
    headers.set("X-RateLimit-Remaining", String.valueOf(decision.remaining()));
    // rounded up: at that second the whole budget is back for sure
    headers.set("X-RateLimit-Reset", String.valueOf((decision.resetAt().toEpochMilli() + 999) / 1000));
  }

  static Mono<Void> tooManyRequests(ReactiveProblemWriter problems, ServerWebExchange exchange,
      long retryAfterMillis) {
    long seconds = Math.max(1, (retryAfterMillis + 999) / 1000);
    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
    return problems.write(exchange, Problems.of(HttpStatus.TOO_MANY_REQUESTS,
        "Too many requests; try again in " + seconds + " s."));
  }

  private void count(String tier, String result) {
    count(tier, result, 1);
  }

  private void count(String tier, String result, double amount) {
    meters.counter("shopscale.ratelimit.requests", "tier", tier, "result", result).increment(amount);
  }

  @Override
  public String name() {
    return "TieredRateLimit";
  }

  private record Caller(String key, String tier) {
  }

  /** {@code addressTier}: limit per client address in this tier's limit, whatever token comes along. */
  static final class Config {

    private @Nullable String addressTier;

    public @Nullable String getAddressTier() {
      return addressTier;
    }

    public void setAddressTier(@Nullable String addressTier) {
      this.addressTier = addressTier;
    }
  }
}
