package io.shopscale.inventory.chaos;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;

import java.time.Duration;
import java.util.Optional;

import io.shopscale.inventory.product.ProductService;
import io.shopscale.inventory.views.ProductViews;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The local stack's switch for slow single-product reads: what it slows, who may turn it, where it exists. */
class SlowProductReadsTest {

  private static final String ADMIN = "Bearer " + TestJwtIssuer.get().admin("admin-1");
  private static final String CUSTOMER = "Bearer " + TestJwtIssuer.get().customer("user-1");

  @Nested
  @WebMvcTest(properties = {"shopscale.inventory.run-time-switch.enabled=true",
      "shopscale.inventory.run-time-switch.delay=400ms"})
  @ShopScaleInfrastructure({})
  class WhenEnabled {

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    ProductService products;

    @MockitoBean
    ProductViews views;

    @AfterEach
    void normal() {
      assertThat(put(ADMIN, "NORMAL")).hasStatusOk();
    }

    @Test
    void slowDelaysEachSingleProductReadAndEachPriceRead() {
      given(products.find(any())).willReturn(Optional.empty());
      assertThat(put(ADMIN, "SLOW")).hasStatusOk().bodyJson().isStrictlyEqualTo("{\"behaviour\":\"SLOW\"}");

      long started = System.nanoTime();
      assertProblem(mvc.get().uri("/api/products/0196d6a2-7d59-7cc4-a0f6-6d1e1c0b9a11").exchange(), 404);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

      started = System.nanoTime();
      assertThat(mvc.get().uri("/api/products/prices?ids=0196d6a2-7d59-7cc4-a0f6-6d1e1c0b9a11").exchange())
          .hasStatusOk();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

      assertThat(mvc.get().uri("/internal/chaos/product-reads").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange())
          .hasStatusOk().bodyJson().isStrictlyEqualTo("{\"behaviour\":\"SLOW\"}");
    }

    @Test
    void onlyAdministratorsTurnIt() {
      assertProblem(put(CUSTOMER, "SLOW"), 403);
      assertProblem(mvc.put().uri("/internal/chaos/product-reads").contentType(MediaType.APPLICATION_JSON)
          .content("{\"behaviour\":\"SLOW\"}").exchange(), 401);
      assertProblem(put(ADMIN, "SIDEWAYS"), 400);
    }

    private MvcTestResult put(String authorization, String behaviour) {
      return mvc.put().uri("/internal/chaos/product-reads").header(HttpHeaders.AUTHORIZATION, authorization)
          .contentType(MediaType.APPLICATION_JSON).content("{\"behaviour\":\"" + behaviour + "\"}").exchange();
    }
  }

  @Nested
  @WebMvcTest
  @ShopScaleInfrastructure({})
  class ByDefault {

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    ProductService products;

    @MockitoBean
    ProductViews views;

    @Test
    void theSwitchDoesNotExist() {
      assertProblem(mvc.put().uri("/internal/chaos/product-reads").header(HttpHeaders.AUTHORIZATION, ADMIN)
          .contentType(MediaType.APPLICATION_JSON).content("{\"behaviour\":\"SLOW\"}").exchange(), 404);
    }
  }
}
