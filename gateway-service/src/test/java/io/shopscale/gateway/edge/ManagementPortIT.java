package io.shopscale.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopscale.gateway.GatewayTestSupport;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With a management port of its own, Prometheus and the probes live there and the public port has no actuator. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@ShopScaleInfrastructure(Server.REDIS)
class ManagementPortIT {

  @LocalServerPort
  int port;

  @LocalManagementPort
  int managementPort;

  @Test
  void actuatorMovesToTheManagementPortWithoutTheGatewayEndpoint() {
    var management = GatewayTestSupport.client(managementPort);
    management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    // not exposed anywhere; the platform's security answers for paths it does not know
    management.get().uri("/actuator/gateway/routes").exchange().expectStatus()
        .value(status -> assertThat(status).isIn(401, 404));

    var open = GatewayTestSupport.client(port);
    open.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
    open.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
  }
}
