package io.shopscale.storefront.console;

import org.jspecify.annotations.Nullable;

/**
 * One figure the console shows and charts.
 *
 * @param key stable id, also the chart's element id
 * @param label what a person reads
 * @param unit after the number
 * @param pattern the heading's anchor in docs/patterns.md, or null for the golden signals
 */
record Figure(String key, String label, String unit, @Nullable String pattern) {

  static final String CACHE = "cache-aside-read-through-on-a-miss";
  static final String REDIS = "redis-failure-tolerance";
  static final String BREAKERS = "circuit-breaker-time-limiter-retry-with-jitter-bulkhead-service-to-service";
  static final String RATE_LIMITS = "token-bucket-rate-limiting-distributed";
  static final String OUTBOX = "transactional-outbox";
  static final String CONSUMERS = "idempotent-consumer-and-dead-letter-topic";
  static final String REPLICAS = "read-replicas-and-readwrite-splitting";
  static final String LAG = "replication-lag-and-read-your-writes";
  static final String SAGA = "saga-with-compensation-order-process-manager";

  static final Figure REQUESTS = new Figure("requests", "Requests", "/s", null);
  static final Figure ERRORS = new Figure("errors", "5xx errors", "%", null);
  static final Figure P50 = new Figure("p50", "p50 latency", "ms", null);
  static final Figure P99 = new Figure("p99", "p99 latency", "ms", null);
  static final Figure CACHE_HITS = new Figure("cache-hits", "Cache hit ratio", "%", CACHE);
  static final Figure CACHE_ERRORS = new Figure("cache-errors", "Cache errors", "/s", REDIS);
  static final Figure RATE_LIMITED = new Figure("rate-limited", "Rate-limited requests", "/s", RATE_LIMITS);
  static final Figure FAIL_OPEN = new Figure("fail-open", "Rate limiter failing open", "/s", RATE_LIMITS);
  static final Figure OUTBOX_BACKLOG = new Figure("outbox-backlog", "Outbox backlog", "rows", OUTBOX);
  static final Figure PUBLISH_LAG = new Figure("publish-lag", "Outbox publish lag (max)", "ms", OUTBOX);
  static final Figure CONSUMER_LAG = new Figure("consumer-lag", "Consumer lag (max)", "records", CONSUMERS);
  static final Figure DEAD_LETTERS = new Figure("dead-letters", "Dead letters", "total", CONSUMERS);
  static final Figure REPLICA_HEALTHY = new Figure("replica-healthy", "Replica healthy", "", REPLICAS);
  static final Figure REPLICA_LAG = new Figure("replica-lag", "Replica lag", "s", LAG);
  static final Figure REPLICA_READS = new Figure("replica-reads", "Reads on the replica", "%", REPLICAS);
  static final Figure CONFIRMED = new Figure("saga-confirmed", "Orders confirmed", "/min", SAGA);
  static final Figure CANCELLED = new Figure("saga-cancelled", "Orders cancelled", "/min", SAGA);

  /** 0 closed, 0.5 half open, 1 open (forced and disabled count as closed: calls flow). */
  static Figure breaker(String name) {
    return new Figure("breaker-" + name, "Circuit breaker " + name, "", BREAKERS);
  }

  static Figure bulkhead(String name) {
    return new Figure("bulkhead-" + name, "Bulkhead " + name + " in use", "calls", BREAKERS);
  }

  boolean golden() {
    return pattern == null;
  }
}
