package io.shopscale.payment.provider;

import java.util.concurrent.TimeoutException;

/** The provider did not answer within the time limit; the call was abandoned (and interrupted). */
final class ProviderTimeoutException extends RuntimeException {

  ProviderTimeoutException(TimeoutException cause) {
    super(cause.getMessage(), cause);
  }
}
