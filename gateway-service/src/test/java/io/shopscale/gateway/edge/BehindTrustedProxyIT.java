package io.shopscale.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopscale.gateway.AgainstStubService;
import io.shopscale.gateway.GatewayTestSupport;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The gateway behind a TLS-terminating load balancer (here the test client, trusted as 127.0.0.1): the services must
 * build their public URLs from what the load balancer says about the client's request, not from the hop to the
 * gateway.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "shopscale.ratelimit.key-prefix=test-proxy-${random.uuid}",
    "shopscale.gateway.edge.trusted-proxies=127.0.0.1"})
@ShopScaleInfrastructure(Server.REDIS)
class BehindTrustedProxyIT extends AgainstStubService {

  @Test
  void servicesSeeTheLoadBalancersViewOfTheRequestAndTheClientGetsHsts() {
    http.get().uri("/api/products").header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "shop.example")
        .header("X-Forwarded-For", "203.0.113.7").exchange()
        .expectStatus().isOk().expectHeader().exists("Strict-Transport-Security");

    var seen = service.lastRequestHeaders();
    assertThat(GatewayTestSupport.addressAsTheServiceSeesIt(seen)).isEqualTo("https://shop.example/v3/api-docs");
    assertThat(seen.getFirst("X-Forwarded-For")).isEqualTo("203.0.113.7,127.0.0.1"); // the client, then the proxy
    assertThat(seen.getFirst("Forwarded")).as("would override X-Forwarded-* in the services").isNull();
  }

  @Test
  void whatTheLoadBalancerDoesNotSayComesFromTheRequestItSent() {
    // many load balancers send only X-Forwarded-Proto and For, and keep the client's Host
    http.get().uri("/api/products").header("Host", "shop.example").header("X-Forwarded-Proto", "https").exchange()
        .expectStatus().isOk();

    assertThat(GatewayTestSupport.addressAsTheServiceSeesIt(service.lastRequestHeaders()))
        .isEqualTo("https://shop.example/v3/api-docs");
  }
}
