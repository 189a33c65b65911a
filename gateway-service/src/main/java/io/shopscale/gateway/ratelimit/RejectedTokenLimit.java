package io.shopscale.gateway.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.gateway.edge.ClientAddresses;
import io.shopscale.gateway.ratelimit.RateLimitSettings.Tier;
import io.shopscale.platform.web.reactive.ReactiveProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Requests refused for their bearer token still cost their client address: the route's limiter never sees them
 * (security answers 401 before routing), so forged tokens at full speed used to be unlimited, each one a token
 * decode and possibly a JWKS lookup. Each 401 to a request with a bearer token counts against the address's
 * {@code rejected:} limit (the anonymous tier's size and algorithm, in Redis, shared by every instance); once that is
 * spent, this instance answers the address's bearer requests with a 429 before their token is even decoded, until
 * the limit allows one again. Valid tokens cost nothing here and need no Redis call.
 */
@Component
class RejectedTokenLimit implements WebFilter, Ordered {

  // addresses refused locally stay far below this; beyond it expired entries are swept out
  private static final int SWEEP_ABOVE = 10_000;

  private final RedisRateLimits limiter;
  private final RateLimitSettings settings;
  private final ClientAddresses addresses;
  private final ReactiveProblemWriter problems;
  private final Clock clock;
  private final Counter rejected;
  private final Counter refused;
  private final Map<String, Instant> emptyUntil = new ConcurrentHashMap<>();

  RejectedTokenLimit(RedisRateLimits limiter, RateLimitSettings settings, ClientAddresses addresses,
      ReactiveProblemWriter problems, MeterRegistry meters) {
    this.limiter = limiter;
    this.settings = settings;
    this.addresses = addresses;
    this.problems = problems;
    this.clock = Clock.systemUTC();
    this.rejected = Counter.builder("shopscale.gateway.tokens.rejected")
        .description("Requests with a bearer token answered 401").register(meters);
    this.refused = meters.counter("shopscale.ratelimit.requests", "tier", "REJECTED_TOKEN", "result", "limited");
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return chain.filter(exchange);
    }
    String key = "rejected:" + addresses.rateLimitKey(exchange.getRequest());
    Instant now = clock.instant();
    Instant until = emptyUntil.get(key);
    if (until != null) {
      if (now.isBefore(until)) {
        refused.increment();
        return TieredRateLimitGatewayFilterFactory.tooManyRequests(problems, exchange,
            until.toEpochMilli() - now.toEpochMilli());
      }
      emptyUntil.remove(key, until);
    }
    // charged before the 401 goes out, so the client's next request already finds the bucket as this one left it
    exchange.getResponse().beforeCommit(() -> {
      if (exchange.getResponse().getStatusCode() != HttpStatus.UNAUTHORIZED) {
        return Mono.empty();
      }
      rejected.increment();
      Tier anonymous = settings.tier(RateLimitSettings.ANONYMOUS);
      return limiter.take(key, anonymous).doOnNext(decision -> {
        if (!decision.allowed()) {
          markEmpty(key, clock.instant().plusMillis(decision.retryAfterMillis()));
        }
      }).then();
    });
    return chain.filter(exchange);
  }

  private void markEmpty(String key, Instant until) {
    if (emptyUntil.size() > SWEEP_ABOVE) {
      Instant now = clock.instant();
      emptyUntil.values().removeIf(now::isAfter);
    }
    emptyUntil.put(key, until);
  }

  // after the edge filters (which settle the client address), before Spring Security (-100) decodes the token
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 40;
  }
}
