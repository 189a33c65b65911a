package io.shopscale.user.auth;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import io.shopscale.user.auth.AuthRequests.Login;
import io.shopscale.user.auth.AuthRequests.Refresh;
import org.springframework.http.CacheControl;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Sessions", description = "Logging in, refreshing tokens and logging out. A login answers a 15-minute "
    + "access token and a refresh token; a refresh rotates both, and a spent refresh token used again revokes its "
    + "whole session.")
class AuthController {

  private final AuthService auth;

  AuthController(AuthService auth) {
    this.auth = auth;
  }

  @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "login", summary = "Log in", description = "Answers a token pair; the response is never stored by a cache.", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(name = "grace", value = """
      {"email": "grace@example.com", "password": "correct horse battery"}"""))))
  @ApiResponse(responseCode = "200", description = "The token pair", headers = @Header(name = HttpHeaders.CACHE_CONTROL, description = "`no-store`"))
  @ApiResponse(responseCode = "401", description = "A bad credential (the same answer whether the email exists or not),"
      + " or a disabled account")
  @ApiResponse(responseCode = "429", description = "The account waits after repeated failed logins", headers = @Header(name = "Retry-After"))
  ResponseEntity<TokenPair> login(@Valid @RequestBody Login body, HttpServletRequest request) {
    // behind the gateway: the client it saw (server.forward-headers-strategy=framework reads X-Forwarded-For)
    return neverStored(auth.login(body.email(), body.password(), request.getRemoteAddr()));
  }

  @PostMapping(path = "/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "refresh", summary = "Refresh a token pair", description = "Trades a refresh token for a new pair; the one sent "
      + "stops working. Presenting it again revokes the whole session.")
  @ApiResponse(responseCode = "200", description = "The new token pair", headers = @Header(name = HttpHeaders.CACHE_CONTROL, description = "`no-store`"))
  @ApiResponse(responseCode = "401", description = "An unknown, expired, spent or revoked refresh token")
  ResponseEntity<TokenPair> refresh(@Valid @RequestBody Refresh body) {
    return neverStored(auth.refresh(body.refreshToken()));
  }

  /** 204 whether or not the token was known: the answer tells nothing about other people's tokens. */
  @PostMapping(path = "/logout", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "logout", summary = "Log out", description = "Ends the refresh token's session. Access tokens already issued "
      + "work until they expire (at most 15 minutes).")
  @ApiResponse(responseCode = "204", description = "Done, also for an unknown or already revoked token")
  ResponseEntity<Void> logout(@Valid @RequestBody Refresh body) {
    auth.logout(body.refreshToken());
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/logout-all")
  @Operation(operationId = "logoutEverywhere", summary = "Log out everywhere", description = "Ends every session of the caller.")
  @ApiResponse(responseCode = "204", description = "Done")
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
