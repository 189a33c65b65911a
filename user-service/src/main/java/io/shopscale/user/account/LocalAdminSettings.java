package io.shopscale.user.account;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Set only by the {@code local} profile (application.yml); no other profile has an admin password. */
@ConfigurationProperties("shopscale.user.local-admin")
record LocalAdminSettings(@Nullable String email, @Nullable String password) {
}
