package io.shopscale.inventory;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shopscale.testsupport.AlertRuleMetrics;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * ShopScaleCacheHitRatioLow (and the recorded hit ratio it reads) selects the cache's hit and miss counters, and
 * the saturation alerts fall back on the JVM's CPU and live-heap gauges where no container metrics are scraped: this
 * service exposes each of them from its start, under the names and labels the rules use, so renaming a meter or
 * losing a binder breaks this build, not the alert.
 */
@SpringBootTest
@ShopScaleInfrastructure
class AlertMetricsIT {

  @Autowired
  PrometheusMeterRegistry prometheus;

  @Test
  void everyCacheAndJvmSeriesTheRulesSelectIsExposedFromStartUp() {
    AlertRuleMetrics.assertExposed(prometheus.scrape(), "shopscale_cache_requests", "process_cpu_usage",
        "jvm_gc_live_data_size", "jvm_gc_max_data_size");
  }
}
