package io.shopscale.storefront.account;

/** The page needs a logged-in shopper (or the API no longer accepts their token): send them to the login form. */
public class LoginRequired extends RuntimeException {

  public LoginRequired() {
    super("login required");
  }
}
