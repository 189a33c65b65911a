package io.shopscale.gateway.edge;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Headers Spring Security's defaults do not cover at an edge behind a TLS-terminating load balancer.
 * <ul>
 * <li>{@code Forwarded}/{@code X-Forwarded-*} from anyone but our proxies are dropped: the services build absolute
 * URLs from them (their OpenAPI servers), and the gateway appends its own (see {@code trusted-proxies} in
 * application.yml).</li>
 * <li>HSTS when the client reached us over TLS, directly or as a trusted proxy says ({@code X-Forwarded-Proto}).</li>
 * <li>A response to a request with credentials is never {@code public}: a shared cache would hand one user's
 * data to the next. Security's default {@code no-store} covers responses without {@code Cache-Control}.</li>
 * </ul>
 */
@Component
class EdgeHeadersFilter implements WebFilter, Ordered {

  private static final List<String> FORWARDING_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
      "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-Prefix");

  private final ClientAddresses addresses;
  private final String hsts;

  EdgeHeadersFilter(ClientAddresses addresses, EdgeSettings settings) {
    this.addresses = addresses;
    this.hsts = "max-age=" + settings.hstsMaxAge().toSeconds() + "; includeSubDomains";
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    boolean trustedProxy = addresses.fromTrustedProxy(request);
    boolean overTls = request.getSslInfo() != null
        || trustedProxy && "https".equalsIgnoreCase(request.getHeaders().getFirst("X-Forwarded-Proto"));
    boolean withCredentials = request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
    ServerHttpResponse response = exchange.getResponse();
    response.beforeCommit(() -> {
      HttpHeaders headers = response.getHeaders();
      if (overTls) {
        headers.set("Strict-Transport-Security", hsts);
      }
      String cacheControl = headers.getCacheControl();
      if (withCredentials && cacheControl != null && cacheControl.contains("public")) {
        headers.setCacheControl(cacheControl.replace("public", "private"));
      }
      return Mono.empty();
    });
    // most requests carry none: no copy of the request and its headers for them
    if (trustedProxy || FORWARDING_HEADERS.stream().noneMatch(request.getHeaders()::containsHeader)) {
      return chain.filter(exchange);
    }
    ServerHttpRequest cleaned = request.mutate().headers(headers -> FORWARDING_HEADERS.forEach(headers::remove))
        .build();
    return chain.filter(exchange.mutate().request(cleaned).build());
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 30;
  }
}
