package io.shopscale.user.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user as the API shows it and as access tokens describe it; never the password hash. {@code disabled}: an
 * administrator disabled the account (no login, no refresh).
 */
public record UserProfile(UUID id, String email, String name, Tier tier, List<Role> roles, Instant createdAt,
    boolean disabled) {

  public UserProfile {
    roles = List.copyOf(roles);
  }

  public boolean hasRole(Role role) {
    return roles.contains(role);
  }
}
