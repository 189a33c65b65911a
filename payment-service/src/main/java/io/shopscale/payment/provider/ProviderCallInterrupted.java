package io.shopscale.payment.provider;

/**
 * The thread waiting for the provider was interrupted (the service is shutting down). The call's outcome is unknown,
 * so the payment must stay outstanding for the recovery job rather than be recorded as failed.
 */
public final class ProviderCallInterrupted extends RuntimeException {

  ProviderCallInterrupted(InterruptedException cause) {
    super("Interrupted while waiting for the payment provider", cause);
  }
}
