package io.shopscale.platform.web;

import java.io.IOException;
import java.util.concurrent.Semaphore;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.Counter;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@link WebSettings#maxInFlight} requests in progress at once; one more is answered 503 with
 * {@code Retry-After} at once, before any work is done for it. With virtual threads nothing else bounds what a service
 * takes on: Tomcat accepts up to 8,192 connections and gives each request its own thread, and the gateway's client
 * opens connections as it needs them. At 500 reads a second past what the machine could serve, inventory-service held
 * thousands of requests at once and ran out of its 256 MiB heap; its Kafka heartbeat thread died with it, and orders
 * it had not reserved timed out (BrowseBenchmark, docs/benchmarks.md). The actuator's paths are not counted: probes
 * and scrapes must answer while the API sheds load.
 */
final class InFlightLimitFilter extends OncePerRequestFilter {

  private final Semaphore permits;
  private final ProblemResponseWriter problems;
  private final @Nullable Counter refused;

  InFlightLimitFilter(int maxInFlight, ProblemResponseWriter problems, @Nullable Counter refused) {
    this.permits = new Semaphore(maxInFlight);
    this.problems = problems;
    this.refused = refused;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return request.getRequestURI().startsWith("/actuator/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!permits.tryAcquire()) {
      if (refused != null) {
        refused.increment();
      }
      response.setHeader(HttpHeaders.RETRY_AFTER, "1");
      problems.write(Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
          "The service is busy with other requests; try again in a moment."), request, response);
      return;
    }
    try {
      chain.doFilter(request, response);
    }
    finally {
      permits.release();
    }
  }
}
