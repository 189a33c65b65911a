package io.shopscale.gateway.edge;

import io.shopscale.platform.web.Problems;
import io.shopscale.platform.web.reactive.ReactiveProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses bodies above {@code shopscale.gateway.edge.max-request-size} before they reach a service: at once when
 * {@code Content-Length} says so, and while streaming when a chunked body grows past it.
 */
@Component
class RequestSizeLimitFilter implements WebFilter, Ordered {

  private final long maxBytes;
  private final ReactiveProblemWriter problems;

  RequestSizeLimitFilter(EdgeSettings settings, ReactiveProblemWriter problems) {
    this.maxBytes = settings.maxRequestSize().toBytes();
    this.problems = problems;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long declared = exchange.getRequest().getHeaders().getContentLength();
    if (declared > maxBytes) {
      // the unread body is still on the wire: the connection can't carry another request
      exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
      return problems.write(exchange, Problems.of(HttpStatus.CONTENT_TOO_LARGE,
          "The request body is larger than " + maxBytes + " bytes."));
    }
    if (declared >= 0) {
      return chain.filter(exchange);
    }
    var counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
      @Override
      public Flux<DataBuffer> getBody() {
        long[] seen = {0};
        return super.getBody().doOnNext(buffer -> {
          seen[0] += buffer.readableByteCount();
          if (seen[0] > maxBytes) {
            throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE);
          }
        });
      }
    };
    return chain.filter(exchange.mutate().request(counted).build());
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 20;
  }
}
