package io.shopscale.user.account;

import java.util.UUID;

/**
 * An administrator disabled the account. Published inside the disabling transaction, so whatever a listener changes
 * (the auth package revokes the account's refresh tokens) commits or rolls back with it.
 */
public record AccountDisabled(UUID userId) {
}
