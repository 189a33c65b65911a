package io.shopscale.storefront.api;

import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import io.shopscale.platform.web.CorrelationId;

/**
 * The gateway client, with the one rule every caller needs: an unreachable or silent API is an {@link ApiProblem}
 * too, so a page shows a sentence instead of a stack trace.
 */
@Component
public class ShopApi {

  private final RestClient client;

  ShopApi(RestClient gatewayClient) {
    this.client = gatewayClient;
  }

  /** The client to build a call on; run it inside {@link #call(Supplier)}. */
  public RestClient client() {
    return client;
  }

  /** Runs one call, turning a connection failure or timeout into a 503 {@link ApiProblem}. */
  public <T> T call(Supplier<T> call) {
    try {
      return call.get();
    }
    catch (ResourceAccessException unreachable) {
      throw ApiProblem.unreachable(CorrelationId.current());
    }
  }
}
