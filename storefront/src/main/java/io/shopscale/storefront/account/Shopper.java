package io.shopscale.storefront.account;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The logged-in shopper as the session keeps it: who they are and the API tokens that act for them. Only the server
 * ever sees the tokens; the browser holds the session cookie.
 *
 * @param accessExpiresAt when the access token stops working; it is refreshed a little before
 */
public record Shopper(UUID id, String email, String name, List<String> roles, String accessToken,
    String refreshToken, Instant accessExpiresAt) implements Serializable {

  public boolean isAdmin() {
    return roles.contains("ADMIN");
  }

  Shopper withTokens(String access, String refresh, Instant expiresAt) {
    return new Shopper(id, email, name, roles, access, refresh, expiresAt);
  }
}
