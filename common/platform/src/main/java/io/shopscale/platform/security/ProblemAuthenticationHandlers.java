package io.shopscale.platform.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.shopscale.platform.web.ProblemResponseWriter;
import io.shopscale.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 as problems; the reason a token was refused is logged at debug level, never told to the caller. */
class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final ProblemResponseWriter writer;

  ProblemAuthenticationHandlers(ProblemResponseWriter writer) {
    this.writer = writer;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    boolean tokenRejected = failure instanceof InvalidBearerTokenException;
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, tokenRejected ? "Bearer error=\"invalid_token\"" : "Bearer");
    writer.write(Problems.of(HttpStatus.UNAUTHORIZED, tokenRejected
        ? "The bearer token is invalid or has expired."
        : "A bearer token is required."), request, response);
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    writer.write(Problems.of(HttpStatus.FORBIDDEN, "You are not allowed to do this."), request, response);
  }
}
