package io.shopscale.platform.security;

import org.springframework.security.core.Authentication;

/** The roles of a ShopScale token as the services see them ({@link ShopScaleJwtValidators#rolesAsAuthorities}). */
public final class Roles {

  private Roles() {
  }

  /** Whether the caller is an administrator, whom the owner checks let see every user's data. */
  public static boolean isAdmin(Authentication caller) {
    return caller.getAuthorities().stream().anyMatch(authority -> "ROLE_ADMIN".equals(authority.getAuthority()));
  }
}
