package io.shopscale.platform.web.reactive;

import io.shopscale.platform.web.Problems;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem from filters, security handlers and exception handlers of a WebFlux application. */
public final class ReactiveProblemWriter {

  private final JsonMapper json;

  public ReactiveProblemWriter(JsonMapper json) {
    this.json = json;
  }

  /** Completes the problem from the exchange (path, correlation id) and writes it as the whole response. */
  public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
    Problems.complete(problem, exchange.getRequest().getPath().value(), CorrelationIdWebFilter.of(exchange));
    ServerHttpResponse response = exchange.getResponse();
    byte[] body = json.writeValueAsBytes(Problems.members(problem));
    response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().setContentLength(body.length);
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
  }
}
