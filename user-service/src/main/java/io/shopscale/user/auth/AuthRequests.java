package io.shopscale.user.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Request bodies of the auth API. The email is not checked for format: a malformed one is just a wrong
 * credential (401), which tells a caller nothing about the accounts that exist.
 */
final class AuthRequests {

  private AuthRequests() {
  }

  record Login(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 256) String password) {
  }

  record Refresh(@NotBlank @Size(max = 128) String refreshToken) {
  }
}
