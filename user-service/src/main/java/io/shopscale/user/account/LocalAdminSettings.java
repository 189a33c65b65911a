package io.shopscale.user.account;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Set only by the {@code local} profile (application.yml); no other profile has an admin password.
 *
 * @param email the administrator seeded at start-up when no account has it
 * @param password its password ({@code SHOPSCALE_ADMIN_PASSWORD} in the local profile)
 */
@ConfigurationProperties("shopscale.user.local-admin")
record LocalAdminSettings(@Nullable String email, @Nullable String password) {
}
