/**
 * User accounts: registration, passwords (Argon2id), profiles read through the Redis cache and written through to it,
 * tiers and roles.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.user.account;
