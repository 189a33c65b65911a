package io.shopscale.events;

import java.util.Objects;
import java.util.UUID;

/** A new user account exists. */
public record UserRegistered(UUID userId, String email, String name) implements IntegrationEvent {

  public static final String TYPE = "io.shopscale.user.UserRegistered.v1";

  public UserRegistered {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String subject() {
    return userId.toString();
  }
}
