package io.shopscale.order.pricing;

import java.net.http.HttpClient;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Reads prices with {@code GET /api/products/{id}} and {@code Cache-Control: no-cache} (the primary's price, never a
 * cached one). Each lookup has a time limit (connect and read timeouts), runs in
 * a bulkhead (bounded concurrent calls), behind a circuit breaker, and is retried with exponential backoff and
 * jitter when inventory failed transiently; a 404 is an answer, not a failure. The policies live in
 * application.yml under {@code resilience4j.*.instances.inventory}.
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
    Map<UUID, Money> prices = new LinkedHashMap<>();
    Set<UUID> unknown = new LinkedHashSet<>();
    for (UUID id : new LinkedHashSet<>(productIds)) {
      ProductPrice found = resilient(() -> fetch(id));
      if (found == null) {
        unknown.add(id);
      }
      else {
        prices.put(id, found.price());
      }
    }
    if (!unknown.isEmpty()) {
      throw new UnknownProducts(unknown);
    }
    return prices;
  }

  private @Nullable ProductPrice resilient(Supplier<@Nullable ProductPrice> call) {
    Supplier<@Nullable ProductPrice> guarded = Retry.decorateSupplier(retry,
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

  private @Nullable ProductPrice fetch(UUID id) {
    try {
      // no-cache: inventory answers from its primary, past its cache, which may hold an older price for up to its
      // TTL after a lost write-through; an order must never be charged a stale price
      return http.get().uri("/api/products/{id}", id)
          .header(HttpHeaders.CACHE_CONTROL, CacheControl.noCache().getHeaderValue())
          .retrieve().body(ProductPrice.class);
    }
    catch (HttpClientErrorException e) {
      if (e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
        return null;
      }
      throw new InventoryUnavailable("inventory answered " + e.getStatusCode().value(), e);
    }
    catch (RestClientException e) {
      // timeouts, refused connections, 5xx: all transient from here
      throw new InventoryUnavailable("inventory did not answer", e);
    }
  }

  /** The part of inventory's product this service needs; the rest is ignored. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ProductPrice(UUID id, Money price) {
  }
}
