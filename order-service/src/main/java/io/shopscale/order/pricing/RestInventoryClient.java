package io.shopscale.order.pricing;

import java.net.http.HttpClient;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.shopscale.events.Money;
import io.shopscale.platform.web.CorrelationId;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Reads all the prices of an order with one {@code GET /api/products/prices?ids=…}, which inventory answers from its
 * primary past its cache: an order is never charged a stale price. The lookup has a time limit (connect and read
 * timeouts), runs in a bulkhead (bounded concurrent calls), behind a circuit breaker, and is retried with exponential
 * backoff and jitter when inventory failed transiently; a product missing from the answer is unknown, not a failure.
 * The policies live in application.yml under {@code resilience4j.*.instances.inventory}.
 */
@Component
class RestInventoryClient implements InventoryClient {

  private static final String NAME = "inventory";

  private final RestClient http;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;

  RestInventoryClient(RestClient.Builder builder, InventorySettings settings, RetryRegistry retries,
      CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads) {
    var requests = new JdkClientHttpRequestFactory(
        HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build());
    requests.setReadTimeout(settings.readTimeout());
    this.http = builder.clone().baseUrl(settings.url().toString()).requestFactory(requests)
        .requestInitializer(request -> request.getHeaders().set(CorrelationId.HEADER, CorrelationId.current()))
        .build();
    this.retry = retries.retry(NAME);
    this.breaker = breakers.circuitBreaker(NAME);
    this.bulkhead = bulkheads.bulkhead(NAME);
  }

  @Override
  public Map<UUID, Money> unitPrices(Collection<UUID> productIds) {
    Set<UUID> asked = new LinkedHashSet<>(productIds);
    Map<UUID, Money> found = new HashMap<>();
    for (Price price : resilient(() -> fetch(asked)).prices()) {
      found.put(price.productId(), price.price());
    }
    // in the order asked for; a product missing from the answer is unknown
    Map<UUID, Money> prices = new LinkedHashMap<>();
    Set<UUID> unknown = new LinkedHashSet<>();
    for (UUID id : asked) {
      Money price = found.get(id);
      if (price == null) {
        unknown.add(id);
      }
      else {
        prices.put(id, price);
      }
    }
    if (!unknown.isEmpty()) {
      throw new UnknownProducts(unknown);
    }
    return prices;
  }

  private Prices resilient(Supplier<Prices> call) {
    Supplier<Prices> guarded = Retry.decorateSupplier(retry,
        CircuitBreaker.decorateSupplier(breaker, Bulkhead.decorateSupplier(bulkhead, call)));
    try {
      return guarded.get();
    }
    catch (CallNotPermittedException e) {
      throw new InventoryUnavailable("inventory is failing; its circuit breaker is open", e);
    }
    catch (BulkheadFullException e) {
      throw new InventoryUnavailable("too many price lookups in flight", e);
    }
  }

  private Prices fetch(Set<UUID> ids) {
    try {
      Prices prices = http.get().uri(uri -> uri.path("/api/products/prices").queryParam("ids", ids).build())
          .retrieve().body(Prices.class);
      if (prices == null) {
        throw new InventoryUnavailable("inventory answered without a body", null);
      }
      return prices;
    }
    catch (HttpClientErrorException e) {
      throw new InventoryUnavailable("inventory answered " + e.getStatusCode().value(), e);
    }
    catch (RestClientException e) {
      // timeouts, refused connections, 5xx: all transient from here
      throw new InventoryUnavailable("inventory did not answer", e);
    }
  }

  /** Inventory's answer; a product it does not know is not in it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Prices(List<Price> prices) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Price(UUID productId, Money price) {
  }
}
