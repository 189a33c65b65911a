package io.shopscale.inventory.views;

import io.shopscale.platform.cache.CacheAsideFactory;
import org.springframework.stereotype.Component;

/** Where the counts wait in Redis: in the service's cache namespace, so tests and deployments sharing a Redis do not mix. */
@Component
class ViewKeys {

  private final String pending;
  private final String batchPrefix;

  ViewKeys(CacheAsideFactory caches) {
    this.pending = caches.keyPrefix() + ":views:pending";
    this.batchPrefix = caches.keyPrefix() + ":views:batch:";
  }

  /** A hash of product id to views counted since the last flush took its batch. */
  String pending() {
    return pending;
  }

  String batch(String batchId) {
    return batchPrefix + batchId;
  }

  String batchPattern() {
    return batchPrefix + "*";
  }

  String batchId(String batchKey) {
    return batchKey.substring(batchPrefix.length());
  }
}
