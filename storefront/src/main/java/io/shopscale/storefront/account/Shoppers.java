package io.shopscale.storefront.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import io.shopscale.storefront.api.ApiProblem;
import io.shopscale.storefront.api.ShopApi;

/** Logs shoppers in and out against the API and hands out a working access token for each call. */
@Component
public class Shoppers {

  static final String SESSION_KEY = Shopper.class.getName();
  // refresh a little early: a token that expires between our check and the service's is a needless 401
  private static final Duration REFRESH_AHEAD = Duration.ofSeconds(30);

  private final ShopApi api;
  private final Clock clock = Clock.systemUTC();

  Shoppers(ShopApi api) {
    this.api = api;
  }

  record TokenPair(String accessToken, String refreshToken, long expiresIn) {
  }

  record Profile(UUID id, String email, String name, List<String> roles) {
  }

  /** The logged-in shopper of this session, if any. */
  public Optional<Shopper> current(@Nullable HttpSession session) {
    return session == null
        ? Optional.empty()
        : Optional.ofNullable((Shopper) session.getAttribute(SESSION_KEY));
  }

  /** The logged-in shopper, or {@link LoginRequired}. */
  public Shopper require(HttpServletRequest request) {
    return current(request.getSession(false)).orElseThrow(LoginRequired::new);
  }

  /**
   * A header value that the API accepts for this shopper: the access token, refreshed first when it is about to
   * expire. A refused refresh (revoked, session over) logs the shopper out.
   */
  public String bearer(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Shopper shopper = current(session).orElseThrow(LoginRequired::new);
    if (clock.instant().plus(REFRESH_AHEAD).isAfter(shopper.accessExpiresAt())) {
      String refreshToken = shopper.refreshToken();
      try {
        TokenPair pair = api.call(() -> api.client().post().uri("/api/auth/refresh")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("refreshToken", refreshToken))
            .retrieve().body(TokenPair.class));
        shopper = shopper.withTokens(pair.accessToken(), pair.refreshToken(), expiry(pair));
        session.setAttribute(SESSION_KEY, shopper);
      }
      catch (ApiProblem refused) {
        if (refused.status() == 401) {
          session.removeAttribute(SESSION_KEY);
          throw new LoginRequired();
        }
        throw refused;
      }
    }
    return "Bearer " + shopper.accessToken();
  }

  /** Logs in with the API and keeps the tokens in a fresh session (a new id: no session fixation). */
  public Shopper logIn(String email, String password, HttpServletRequest request) {
    TokenPair pair = api.call(() -> api.client().post().uri("/api/auth/login")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("email", email, "password", password))
        .retrieve().body(TokenPair.class));
    Profile me = api.call(() -> api.client().get().uri("/api/users/me")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + pair.accessToken())
        .retrieve().body(Profile.class));
    var shopper = new Shopper(me.id(), me.email(), me.name(), List.copyOf(me.roles()), pair.accessToken(),
        pair.refreshToken(), expiry(pair));
    request.getSession(true);
    request.changeSessionId();
    request.getSession().setAttribute(SESSION_KEY, shopper);
    return shopper;
  }

  /** Registers a customer account (the API decides what a valid email, name and password are). */
  public void register(String email, String password, String name) {
    api.call(() -> api.client().post().uri("/api/users")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("email", email, "password", password, "name", name))
        .retrieve().toBodilessEntity());
  }

  /** Revokes the refresh token's family at the API and ends the session, cart included. */
  public void logOut(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return;
    }
    current(session).ifPresent(shopper -> {
      try {
        api.call(() -> api.client().post().uri("/api/auth/logout")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("refreshToken", shopper.refreshToken()))
            .retrieve().toBodilessEntity());
      }
      catch (ApiProblem notRevoked) {
        // the session ends anyway; the refresh token expires on its own (7 days) if the API could not be told
      }
    });
    session.invalidate();
  }

  /** Drops the shopper from the session (the API refused their token); the cart stays. */
  public void forget(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(SESSION_KEY);
    }
  }

  private Instant expiry(TokenPair pair) {
    return clock.instant().plusSeconds(pair.expiresIn());
  }
}
