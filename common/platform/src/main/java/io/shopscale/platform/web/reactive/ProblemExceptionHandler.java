package io.shopscale.platform.web.reactive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The one error style of a WebFlux application, ahead of Boot's own error handler. Exception messages never reach the
 * client (a gateway's exceptions name internal hosts and ports); the status decides a fixed sentence instead.
 */
final class ProblemExceptionHandler implements WebExceptionHandler, Ordered {

  private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

  private final ReactiveProblemWriter writer;

  ProblemExceptionHandler(ReactiveProblemWriter writer) {
    this.writer = writer;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(ex);
    }
    HttpStatusCode status = ex instanceof ErrorResponse known
        ? known.getStatusCode()
        : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status.is5xxServerError()) {
      log.error("Request {} {} failed with {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
          status.value(), ex);
    }
    HttpHeaders headers = exchange.getResponse().getHeaders();
    if (ex instanceof ErrorResponse known) {
      headers.addAll(known.getHeaders()); // e.g. Allow on a 405
    }
    return writer.write(exchange, ProblemDetail.forStatusAndDetail(status, detailFor(status)));
  }

  private static String detailFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> "The request is not valid.";
      case 404 -> "There is nothing at this path.";
      case 405 -> "This method is not allowed here.";
      case 413 -> "The request is too large.";
      case 415 -> "This content type is not supported here.";
      case 502, 503, 504 -> "The service is temporarily unavailable; try again later.";
      default -> status.is5xxServerError()
          ? "Something went wrong on our side; quote the correlation id when you report it."
          : HttpStatus.resolve(status.value()) != null ? HttpStatus.valueOf(status.value()).getReasonPhrase() : "Error";
    };
  }

  @Override
  public int getOrder() {
    // before Boot's DefaultErrorWebExceptionHandler (-1), which would answer with its own JSON shape
    return -2;
  }
}
