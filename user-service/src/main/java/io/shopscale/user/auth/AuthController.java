package io.shopscale.user.auth;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import io.shopscale.user.auth.AuthRequests.Login;
import io.shopscale.user.auth.AuthRequests.Refresh;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
class AuthController {

  private final AuthService auth;

  AuthController(AuthService auth) {
    this.auth = auth;
  }

  @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<TokenPair> login(@Valid @RequestBody Login body, HttpServletRequest request) {
    // behind the gateway: the client it saw (server.forward-headers-strategy=framework reads X-Forwarded-For)
    return neverStored(auth.login(body.email(), body.password(), request.getRemoteAddr()));
  }

  @PostMapping(path = "/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<TokenPair> refresh(@Valid @RequestBody Refresh body) {
    return neverStored(auth.refresh(body.refreshToken()));
  }

  /** 204 whether or not the token was known: the answer tells nothing about other people's tokens. */
  @PostMapping(path = "/logout", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Void> logout(@Valid @RequestBody Refresh body) {
    auth.logout(body.refreshToken());
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/logout-all")
  ResponseEntity<Void> logoutEverywhere(@AuthenticationPrincipal Jwt caller) {
    auth.logoutEverywhere(UUID.fromString(caller.getSubject()));
    return ResponseEntity.noContent().build();
  }

  // RFC 6749 section 5.1: no cache on the way may keep a response that carries tokens.
  private static ResponseEntity<TokenPair> neverStored(TokenPair tokens) {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache")
        .body(tokens);
  }
}
