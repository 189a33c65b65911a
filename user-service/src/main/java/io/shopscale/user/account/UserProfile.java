package io.shopscale.user.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user as the API shows it and as access tokens describe it; never the password hash. */
public record UserProfile(UUID id, String email, String name, Tier tier, List<Role> roles, Instant createdAt) {

  public UserProfile {
    roles = List.copyOf(roles);
  }

  public boolean hasRole(Role role) {
    return roles.contains(role);
  }
}
