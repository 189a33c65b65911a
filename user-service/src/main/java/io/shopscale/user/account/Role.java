package io.shopscale.user.account;

/** What a user may do; tokens carry the names without a prefix. The declaration order is the order shown. */
public enum Role {
  CUSTOMER, ADMIN
}
