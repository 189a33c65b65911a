package io.shopscale.platform.web.reactive;

import io.shopscale.platform.web.CorrelationId;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Runs first so that even a 401 or a 429 carries the id. The accepted id replaces the caller's header on the request,
 * so whatever is forwarded downstream is the same well-formed value the client gets back.
 */
public final class CorrelationIdWebFilter implements WebFilter, Ordered {

  static final String ATTRIBUTE = CorrelationIdWebFilter.class.getName();

  /** The id of the exchange, or a new one when the filter did not run (it always does in a platform app). */
  public static String of(ServerWebExchange exchange) {
    Object id = exchange.getAttribute(ATTRIBUTE);
    return id != null ? id.toString() : CorrelationId.acceptOrGenerate(null);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String id = CorrelationId.acceptOrGenerate(exchange.getRequest().getHeaders().getFirst(CorrelationId.HEADER));
    ServerHttpRequest request = exchange.getRequest().mutate().headers(headers -> headers.set(CorrelationId.HEADER, id))
        .build();
    ServerWebExchange withId = exchange.mutate().request(request).build();
    withId.getAttributes().put(ATTRIBUTE, id);
    withId.getResponse().getHeaders().set(CorrelationId.HEADER, id);
    // a proxied response brings its own headers and a retry clears them: set ours again last thing before commit
    withId.getResponse().beforeCommit(() -> {
      withId.getResponse().getHeaders().set(CorrelationId.HEADER, id);
      return Mono.empty();
    });
    return chain.filter(withId).contextWrite(Context.of(CorrelationId.MDC_KEY, id));
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
