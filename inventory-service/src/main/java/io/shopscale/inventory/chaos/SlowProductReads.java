package io.shopscale.inventory.chaos;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds each single-product read and each price read ({@code /api/products/prices}, the one order-service prices
 * orders with) for {@code delay} while switched to {@code SLOW}, so order-service's timeout, retries, breaker and
 * bulkhead can be watched at work. Catalog pages stay fast.
 */
@Component
@ConditionalOnBooleanProperty("shopscale.inventory.run-time-switch.enabled")
@EnableConfigurationProperties(SlowReadsSettings.class) // also in web slice tests, which skip the properties scan
class SlowProductReads extends OncePerRequestFilter {

  // a product's id or "prices"
  private static final Pattern ONE_PRODUCT = Pattern.compile("/api/products/[^/]+");

  enum Behaviour {
    NORMAL, SLOW
  }

  private final SlowReadsSettings settings;
  private volatile Behaviour behaviour = Behaviour.NORMAL;

  SlowProductReads(SlowReadsSettings settings) {
    this.settings = settings;
  }

  Behaviour behaviour() {
    return behaviour;
  }

  void behave(Behaviour next) {
    behaviour = next;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return behaviour == Behaviour.NORMAL || !"GET".equals(request.getMethod())
        || !ONE_PRODUCT.matcher(request.getRequestURI()).matches();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      TimeUnit.NANOSECONDS.sleep(settings.delay().toNanos());
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new ServletException("Interrupted while slowed down on purpose", ex);
    }
    chain.doFilter(request, response);
  }
}
