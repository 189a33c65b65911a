package io.shopscale.user.account;

/** The service level a user pays for; the gateway's rate limits follow it. */
public enum Tier {
  FREE, BASIC, PREMIUM
}
