package io.shopscale.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.shopscale.events.OrderPlaced;
import io.shopscale.events.PaymentAuthorized;
import io.shopscale.events.StockLine;
import io.shopscale.events.StockReserved;
import io.shopscale.order.FakeInventory;
import io.shopscale.testsupport.KafkaPeer;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Admission control end to end: an order the saga settles slower than the target closes admission (503 +
 * Retry-After, nothing stored), and it opens again by itself once no slow settlement is recent.
 */
@SpringBootTest(properties = {"shopscale.order.admission.enabled=true", "shopscale.order.admission.target=500ms",
    "shopscale.order.admission.interval=2s"})
@AutoConfigureMockMvc
@ShopScaleInfrastructure({Server.POSTGRES, Server.KAFKA})
class SagaAdmissionIT {

  @RegisterExtension
  static final FakeInventory inventory = new FakeInventory();

  @Autowired
  MockMvcTester mvc;

  @Autowired
  JdbcClient jdbc;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrap;

  private final UUID customerId = UUID.randomUUID();
  private final String customer = "Bearer " + TestJwtIssuer.get().customer(customerId.toString());
  private final UUID mug = inventory.product("4.00");
  private KafkaPeer peers;

  @BeforeEach
  void playThePeers() {
    peers = new KafkaPeer(bootstrap, "/admission-it", io.shopscale.events.Topics.ORDERS);
  }

  @AfterEach
  void close() {
    peers.close();
  }

  @Test
  void anOrderSettledSlowerThanTheTargetClosesAdmissionUntilNoSlowSettlementIsRecent() throws Exception {
    // given: the saga takes longer than the 500 ms target for an order
    UUID slow = UUID.fromString(JsonPath.read(place(UUID.randomUUID().toString()).getResponse()
        .getContentAsString(java.nio.charset.StandardCharsets.UTF_8), "$.id"));
    OrderPlaced placed = peers.awaitFirst(slow.toString(), OrderPlaced.class, Duration.ofSeconds(30));
    await().pollDelay(Duration.ofMillis(700)).until(() -> true);
    peers.publish(new StockReserved(slow, List.of(new StockLine(mug, 2))));
    peers.publish(new PaymentAuthorized(UUID.randomUUID(), slow, placed.total()));
    await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(jdbc.sql(
        "SELECT status FROM orders WHERE id = ?").param(slow).query(String.class).single()));

    // when
    String key = UUID.randomUUID().toString();
    MvcTestResult refused = place(key);

    // then: refused at once, as a problem with Retry-After, and nothing was stored, the key not even claimed
    assertThat(refused).hasStatus(503).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
        .headers().hasValue(HttpHeaders.RETRY_AFTER, "2");
    assertThat(refused).bodyJson().extractingPath("$.detail").asString().contains("nothing was ordered");
    assertThat(jdbc.sql("SELECT count(*) FROM orders WHERE user_id = ?").param(customerId).query(Long.class).single())
        .isEqualTo(1);
    assertThat(jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE key = ?").param(key).query(Long.class).single())
        .isZero();

    // and when no slow settlement is recent any more, the same request under the same key is taken
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
        .until(() -> place(key).getResponse().getStatus() == 202);
    assertThat(jdbc.sql("SELECT count(*) FROM orders WHERE user_id = ?").param(customerId).query(Long.class).single())
        .isEqualTo(2);
  }

  private MvcTestResult place(String key) {
    return mvc.post().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, customer).header("Idempotency-Key", key)
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"items\":[{\"productId\":\"%s\",\"quantity\":2}],\"paymentToken\":\"tok_visa\"}".formatted(mug))
        .exchange();
  }
}
