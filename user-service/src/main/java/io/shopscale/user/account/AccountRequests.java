package io.shopscale.user.account;

import java.util.Set;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * Request bodies of the account API. Unknown fields are refused by the platform, so {@code roles}, {@code tier},
 * {@code email} or {@code id} where they do not belong are a 400, never a silent mass assignment.
 */
final class AccountRequests {

  static final int MIN_PASSWORD_LENGTH = 12;
  // Bounds the work one request can ask of Argon2; far above any passphrase people use.
  static final int MAX_PASSWORD_LENGTH = 256;

  private AccountRequests() {
  }

  /** Hibernate's {@code @Email} alone accepts {@code a@b}; the pattern also wants a dot in the domain. */
  record Registration(
      @NotBlank @Size(max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+") String email,
      @NotNull @Size(min = MIN_PASSWORD_LENGTH, max = MAX_PASSWORD_LENGTH) String password,
      @NotBlank @Size(max = 100) String name) {
  }

  /** {@code PATCH /api/users/me}: the name is the only thing users change about themselves. */
  record ProfileChanges(@NotBlank @Size(max = 100) String name) {
  }

  /** {@code PATCH /api/admin/users/{id}}: either or both; an empty role set would lock the user out of everything. */
  record AccessChanges(@Nullable Tier tier, @Nullable @Size(min = 1) Set<@NotNull Role> roles) {
  }
}
