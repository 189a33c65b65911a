package io.shopscale.platform.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

/**
 * Carries the W3C trace context of the transaction that appended an event over to the relay that publishes it, so
 * one trace spans the request, the publish and every consumer (the Kafka template and listeners continue it through
 * the {@code traceparent} record header). Without a tracer it does nothing.
 */
final class TraceContinuation {

  static final String TRACEPARENT = "traceparent";

  private final @Nullable Tracer tracer;
  private final @Nullable Propagator propagator;

  TraceContinuation(@Nullable Tracer tracer, @Nullable Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /** The current span's context as a {@code traceparent} value, or null outside a trace. */
  @Nullable
  String current() {
    Span span = tracer == null ? null : tracer.currentSpan();
    if (span == null || propagator == null) {
      return null;
    }
    Map<String, String> carrier = new HashMap<>();
    propagator.inject(span.context(), carrier, Map::put);
    return carrier.get(TRACEPARENT);
  }

  /** Runs {@code send} in a span that continues the trace the event was appended in. */
  <T> T continuing(@Nullable String traceparent, Supplier<T> send) {
    if (tracer == null || propagator == null || traceparent == null) {
      return send.get();
    }
    Span span = propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get).name("outbox publish").start();
    Tracer.SpanInScope scope = tracer.withSpan(span);
    try {
      return send.get();
    }
    finally {
      scope.close();
      span.end();
    }
  }
}
