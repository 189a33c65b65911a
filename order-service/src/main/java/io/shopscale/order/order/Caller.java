package io.shopscale.order.order;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.ErrorResponseException;

import io.shopscale.platform.security.Roles;
import io.shopscale.platform.web.Problems;

/** Who is asking: the token's subject is the user id (user-service issues it so). */
record Caller(UUID userId, boolean admin) {

  static Caller of(JwtAuthenticationToken token) {
    UUID userId;
    try {
      userId = UUID.fromString(token.getToken().getSubject());
    }
    catch (IllegalArgumentException | NullPointerException e) {
      throw new ErrorResponseException(HttpStatus.FORBIDDEN,
          Problems.of(HttpStatus.FORBIDDEN, "This token does not identify a user."), e);
    }
    return new Caller(userId, Roles.isAdmin(token));
  }

  boolean maySee(Order order) {
    return admin || order.isOwnedBy(userId);
  }
}
