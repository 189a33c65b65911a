package io.shopscale.gateway.resilience;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR;

import java.net.URI;

import io.shopscale.platform.web.Problems;
import io.shopscale.platform.web.reactive.ReactiveProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where a route's {@code CircuitBreaker} forwards when the service is down, slow, overloaded (bulkhead) or the
 * breaker is open: a 503 problem with {@code Retry-After}, about the path the client called. Reached only by a
 * gateway forward; a client calling {@code /fallback/...} directly needs a token and learns nothing.
 */
@Configuration(proxyBeanMethods = false)
class FallbackRoutes {

  private static final Logger log = LoggerFactory.getLogger(FallbackRoutes.class);
  private static final String CALLED_PATH = FallbackRoutes.class.getName() + ".calledPath";

  // The forward rewrites the request path; the problem must name the path the client called.
  @Bean
  GlobalFilter rememberCalledPath() {
    return new CalledPathFilter();
  }

  @Bean
  RouterFunction<ServerResponse> circuitBreakerFallback(ReactiveProblemWriter problems, ResilienceSettings settings) {
    return RouterFunctions.route().path("/fallback/{route}", builder -> builder.route(request -> true, request -> {
      ServerWebExchange exchange = request.exchange();
      Throwable cause = exchange.getAttribute(CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
      log.debug("Route {} answered with its fallback: {}", request.pathVariable("route"), String.valueOf(cause));
      ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
          "The service behind this path is unavailable or too slow; try again later.");
      problem.setInstance(URI.create(originalPath(exchange)));
      exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(settings.retryAfterSeconds()));
      return problems.write(exchange, problem).then(Mono.empty());
    })).build();
  }

  private static String originalPath(ServerWebExchange exchange) {
    String called = exchange.getAttribute(CALLED_PATH);
    return called != null ? called : exchange.getRequest().getPath().value();
  }

  private static final class CalledPathFilter implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
      exchange.getAttributes().putIfAbsent(CALLED_PATH, exchange.getRequest().getPath().value());
      return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }
  }
}
