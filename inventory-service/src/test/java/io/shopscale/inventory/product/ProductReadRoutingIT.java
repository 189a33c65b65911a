package io.shopscale.inventory.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.embedded.PostgresPair;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The catalog on a primary with a streaming replica: lists come from the replica, writes are seen at once. */
@SpringBootTest
@AutoConfigureMockMvc
@ShopScaleInfrastructure({Server.POSTGRES_WITH_REPLICA, Server.REDIS})
class ProductReadRoutingIT {

  @Autowired
  MockMvcTester mvc;

  @Autowired
  MeterRegistry meters;

  private final String admin = "Bearer " + TestJwtIssuer.get().admin("routing-admin");

  @Test
  void anonymousListsAreServedByTheReplica() {
    double before = replicaReads();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(mvc.get().uri("/api/products").exchange()).hasStatusOk();
      assertThat(replicaReads()).isGreaterThan(before);
    });
  }

  @Test
  void withReplayPausedTheAdminStillSeesTheirWriteInProductAndList() throws Exception {
    PostgresPair.get().pauseReplay();
    try {
      // when
      MvcTestResult created = mvc.post().uri("/api/products").header(HttpHeaders.AUTHORIZATION, admin)
          .contentType(MediaType.APPLICATION_JSON).content("""
              {"sku":"SKU-RYW-1","name":"Read Your Writes","price":{"amount":"1.00","currency":"USD"},
               "availableQuantity":1}""").exchange();
      assertThat(created).hasStatus(201);
      String id = JsonPath.read(created.getResponse().getContentAsString(), "$.id");
      // then: the admin reads it at once, by id (write-through) and in a list (primary for the writer)
      assertThat(mvc.get().uri("/api/products/" + id).exchange()).hasStatusOk();
      assertThat(mvc.get().uri("/api/products?q=read your").header(HttpHeaders.AUTHORIZATION, admin).exchange())
          .bodyJson().extractingPath("$.items[*].id").asArray().contains(id);
    }
    finally {
      PostgresPair.get().resumeReplay();
    }
  }

  private double replicaReads() {
    var counter = meters.find("shopscale.datasource.reads").tag("pool", "replica-1").counter();
    return counter == null ? 0 : counter.count();
  }
}
