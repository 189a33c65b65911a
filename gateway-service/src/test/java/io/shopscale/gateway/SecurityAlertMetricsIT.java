package io.shopscale.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shopscale.testsupport.AlertRuleMetrics;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The gateway's alerts (ShopScaleAuthClientOverLimit, ShopScaleTokenRejectionBurst, the rate-limiter ones) select
 * series the gateway exposes from its start, under the names and labels the rules use: renaming a meter or a tier
 * breaks this build, not the alert.
 */
@SpringBootTest
@ShopScaleInfrastructure(Server.REDIS)
class SecurityAlertMetricsIT {

  @Autowired
  PrometheusMeterRegistry prometheus;

  @Test
  void everyGatewaySeriesTheRulesSelectIsExposedFromStartUp() {
    AlertRuleMetrics.assertExposed(prometheus.scrape(), "shopscale_gateway_", "shopscale_ratelimit_");
  }
}
