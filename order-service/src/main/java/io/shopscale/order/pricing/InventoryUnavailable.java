package io.shopscale.order.pricing;

import io.shopscale.platform.web.Problems;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Inventory did not answer in time, failed, or is cut off by the circuit breaker or bulkhead: the order cannot be
 * priced, so it is refused visibly (503 + Retry-After) and nothing is stored. Retried by the retry policy.
 */
public final class InventoryUnavailable extends ErrorResponseException {

  static final String RETRY_AFTER_SECONDS = "5";

  InventoryUnavailable(String why, @Nullable Throwable cause) {
    super(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
        "Prices cannot be checked right now (" + why + "); nothing was ordered. Retry later."), cause);
    getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
  }
}
