package io.shopscale.payment.provider;

/** A transient provider failure: nothing happened, and the same call (same idempotency key) may be repeated. */
public class ProviderUnavailableException extends RuntimeException {

  public ProviderUnavailableException(String message) {
    super(message);
  }
}
