package io.shopscale.inventory.product;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.shopscale.events.Money;
import io.shopscale.inventory.views.ProductViews;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Web slice: the HTTP contract and its error paths, with the service replaced (our own code, not infrastructure).
 * Every refused request must leave the service untouched.
 */
@WebMvcTest(ProductController.class)
@ShopScaleInfrastructure({})
class ProductControllerTest {

  private static final ProductView MUG = new ProductView(UUID.randomUUID(), "SKU-1", "Mug", "", Money.of("2.50", "USD"),
      4, 3, Instant.parse("2026-11-23T10:00:00Z"));

  @Autowired
  MockMvcTester mvc;

  @MockitoBean
  ProductService products;

  @MockitoBean
  ProductViews views;

  private final String admin = "Bearer " + TestJwtIssuer.get().admin("admin-1");
  private final String customer = "Bearer " + TestJwtIssuer.get().customer("customer-1");

  @Test
  void productCarriesItsVersionAsStrongEtag() {
    given(products.find(MUG.id())).willReturn(Optional.of(MUG));
    assertThat(mvc.get().uri("/api/products/" + MUG.id()).exchange()).hasStatusOk()
        .hasHeader(HttpHeaders.ETAG, "\"3\"").hasHeader(HttpHeaders.CACHE_CONTROL, "public, no-cache");
    assertThat(mvc.get().uri("/api/products/" + MUG.id()).header(HttpHeaders.IF_NONE_MATCH, "\"3\"").exchange())
        .hasStatus(304);
    assertThat(mvc.get().uri("/api/products/" + MUG.id()).header(HttpHeaders.IF_NONE_MATCH, "\"2\"").exchange())
        .hasStatusOk();
  }

  @Test
  void unknownProductIsNotFound() {
    given(products.find(any())).willReturn(Optional.empty());
    assertProblem(mvc.get().uri("/api/products/" + UUID.randomUUID()).exchange(), 404);
  }

  @Test
  void createdProductHasRelativeLocation() {
    given(products.create(any(), anyInt())).willReturn(MUG);
    assertThat(mvc.post().uri("/api/products").header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content("""
            {"sku":"SKU-1","name":"Mug","price":{"amount":"2.50","currency":"USD"},"availableQuantity":4}""")
        .exchange()).hasStatus(201).hasHeader(HttpHeaders.LOCATION, "/api/products/" + MUG.id());
  }

  @Test
  void errorsRankAuthenticationThenAuthorizationThenMediaTypeThenBody() {
    String invalid = "{\"sku\":\"\"}";
    assertProblem(mvc.post().uri("/api/products").contentType(MediaType.TEXT_PLAIN).content(invalid).exchange(), 401);
    assertProblem(mvc.post().uri("/api/products").header(HttpHeaders.AUTHORIZATION, customer)
        .contentType(MediaType.TEXT_PLAIN).content(invalid).exchange(), 403);
    assertProblem(mvc.post().uri("/api/products").header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.TEXT_PLAIN).content(invalid).exchange(), 415);
    assertProblem(mvc.post().uri("/api/products").header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content(invalid).exchange(), 400);
    verifyNoInteractions(products);
  }

  @Test
  void everyMissingFieldOfAnUpdateIsReported() {
    var result = mvc.put().uri("/api/products/" + MUG.id()).header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content("{}").exchange();
    assertProblem(result, 400);
    assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
        .containsExactlyInAnyOrder("sku", "name", "description", "price");
    verifyNoInteractions(products);
  }

  @Test
  void malformedIdsCursorsAndLimitsAreBadRequests() {
    for (String uri : List.of("/api/products/42", "/api/products?limit=0", "/api/products?limit=101",
        "/api/products?limit=x", "/api/products?cursor=not-ours", "/api/products?q=" + "x".repeat(101))) {
      assertProblem(mvc.get().uri(uri).exchange(), 400);
    }
    assertProblem(mvc.put().uri("/api/products/42/stock").header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content("{\"availableQuantity\":-1}").exchange(), 400);
    verifyNoInteractions(products);
  }
}
