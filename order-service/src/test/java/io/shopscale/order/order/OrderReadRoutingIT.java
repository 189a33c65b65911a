package io.shopscale.order.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.shopscale.order.FakeInventory;
import io.shopscale.embedded.PostgresPair;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Orders on a primary with a streaming replica, in a service without Redis (read-your-writes marks stay in the
 * instance): an order is visible to its owner right after the 202, by id and in the list, even while the replica
 * has stopped replaying.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ShopScaleInfrastructure(Server.POSTGRES_WITH_REPLICA)
class OrderReadRoutingIT {

  @RegisterExtension
  static final FakeInventory inventory = new FakeInventory();

  @Autowired
  MockMvcTester mvc;

  private final String customer = "Bearer " + TestJwtIssuer.get().customer(UUID.randomUUID().toString());

  @Test
  void withReplayPausedTheOwnerStillSeesTheNewOrderByIdAndInTheList() throws Exception {
    UUID product = inventory.product("2.00");
    PostgresPair.get().pauseReplay();
    try {
      // when
      MvcTestResult placed = mvc.post().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, customer)
          .header("Idempotency-Key", "ryw-1").contentType(MediaType.APPLICATION_JSON)
          .content("{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}").exchange();
      assertThat(placed).hasStatus(202);
      String id = JsonPath.read(placed.getResponse().getContentAsString(), "$.id");
      // then
      assertThat(mvc.get().uri("/api/orders/" + id).header(HttpHeaders.AUTHORIZATION, customer).exchange())
          .hasStatusOk();
      assertThat(mvc.get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, customer).exchange())
          .bodyJson().extractingPath("$.items[*].id").asArray().containsExactly(id);
    }
    finally {
      PostgresPair.get().resumeReplay();
    }
  }
}
