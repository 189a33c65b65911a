package io.shopscale.platform.security.reactive;

import io.shopscale.platform.web.Problems;
import io.shopscale.platform.web.reactive.ReactiveProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** 401 and 403 as problems; why a token was refused is never told to the caller. */
final class ReactiveProblemAuthenticationHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

  private final ReactiveProblemWriter writer;

  ReactiveProblemAuthenticationHandlers(ReactiveProblemWriter writer) {
    this.writer = writer;
  }

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
    boolean tokenRejected = failure instanceof InvalidBearerTokenException;
    exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
        tokenRejected ? "Bearer error=\"invalid_token\"" : "Bearer");
    return writer.write(exchange, Problems.of(HttpStatus.UNAUTHORIZED, tokenRejected
        ? "The bearer token is invalid or has expired."
        : "A bearer token is required."));
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
    return writer.write(exchange, Problems.of(HttpStatus.FORBIDDEN, "You are not allowed to do this."));
  }
}
