package io.shopscale.user;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shopscale.testsupport.AlertRuleMetrics;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;

/**
 * The login alerts (ShopScaleLoginsSpreadOverAccounts and every rule on {@code shopscale_auth_*}) select series this
 * service exposes from its start, under the names and labels the rules use: renaming a meter breaks this build, not
 * the alert.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@AutoConfigureMockMvc
@ShopScaleInfrastructure
@ContextConfiguration(initializers = {TestSigningKey.class, OwnJwks.class})
class SecurityAlertMetricsIT {

  @Autowired
  PrometheusMeterRegistry prometheus;

  @Test
  void everyAuthSeriesTheRulesSelectIsExposedFromStartUp() {
    AlertRuleMetrics.assertExposed(prometheus.scrape(), "shopscale_auth_");
  }
}
