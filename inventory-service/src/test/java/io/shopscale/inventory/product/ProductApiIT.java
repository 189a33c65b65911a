package io.shopscale.inventory.product;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The "Catalog and stock" contract of docs/api.md, end to end against real PostgreSQL and Redis. */
@SpringBootTest
@AutoConfigureMockMvc
@ShopScaleInfrastructure
class ProductApiIT {

  @Autowired
  MockMvcTester mvc;

  private final String admin = "Bearer " + TestJwtIssuer.get().admin("admin-1");
  private final String customer = "Bearer " + TestJwtIssuer.get().customer("customer-1");

  @Test
  void adminCreatesAProductThatAnyoneCanRead() throws Exception {
    // when
    MvcTestResult created = create("SKU-CREATE-1", "Blue Mug", "9.50", 7);
    // then
    assertThat(created).hasStatus(201);
    String id = JsonPath.read(created.getResponse().getContentAsString(), "$.id");
    assertThat(created).hasHeader(HttpHeaders.LOCATION, "/api/products/" + id);
    MvcTestResult read = mvc.get().uri("/api/products/" + id).exchange();
    assertThat(read).hasStatusOk().hasHeader(HttpHeaders.CACHE_CONTROL, "public, no-cache");
    assertThat(read.getResponse().getHeader(HttpHeaders.ETAG)).isEqualTo("\"0\"");
    assertThat(read).bodyJson().isLenientlyEqualTo("""
        {"id":"%s","sku":"SKU-CREATE-1","name":"Blue Mug","description":"A product",
         "price":{"amount":"9.50","currency":"USD"},"availableQuantity":7,"version":0}""".formatted(id));
    assertThat(read).bodyJson().extractingPath("$.updatedAt").asString().matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  @Test
  void matchingIfNoneMatchIsNotModified() throws Exception {
    String id = idOf(create("SKU-ETAG-1", "Etag Mug", "3.00", 1));
    MvcTestResult result = mvc.get().uri("/api/products/" + id).header(HttpHeaders.IF_NONE_MATCH, "\"0\"").exchange();
    assertThat(result).hasStatus(304).hasHeader(HttpHeaders.ETAG, "\"0\"");
    assertThat(result.getResponse().getContentAsString()).isEmpty();
  }

  @Test
  void staleIfMatchIsPreconditionFailedAndChangesNothing() throws Exception {
    String id = idOf(create("SKU-IFMATCH-1", "Old Name", "3.00", 1));
    assertThat(revise(id, "SKU-IFMATCH-1", "New Name", "\"0\"")).hasStatusOk()
        .hasHeader(HttpHeaders.ETAG, "\"1\"");
    // when: someone still holding version 0 writes
    MvcTestResult stale = revise(id, "SKU-IFMATCH-1", "Lost Update", "\"0\"");
    // then
    assertProblem(stale, 412);
    assertThat(mvc.get().uri("/api/products/" + id).exchange()).bodyJson().extractingPath("$.name")
        .isEqualTo("New Name");
  }

  @Test
  void writesAreVisibleToTheNextReadAtOnce() throws Exception {
    String id = idOf(create("SKU-VISIBLE-1", "Visible", "1.00", 5));
    assertThat(mvc.get().uri("/api/products/" + id).exchange()).hasStatusOk(); // now cached
    // when
    assertThat(mvc.put().uri("/api/products/" + id + "/stock").header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content("{\"availableQuantity\":42}").exchange()).hasStatusOk();
    // then
    assertThat(mvc.get().uri("/api/products/" + id).exchange()).bodyJson().extractingPath("$.availableQuantity")
        .isEqualTo(42);
    // and when deleted, gone at once
    assertThat(mvc.delete().uri("/api/products/" + id).header(HttpHeaders.AUTHORIZATION, admin).exchange())
        .hasStatus(204);
    assertProblem(mvc.get().uri("/api/products/" + id).exchange(), 404);
  }

  @Test
  void duplicateSkuIsConflict() {
    assertThat(create("SKU-DUP-1", "First", "1.00", 1)).hasStatus(201);
    assertProblem(create("SKU-DUP-1", "Second", "1.00", 1), 409);
  }

  @Test
  void onlyAdminsWriteAndAuthFailuresComeBeforeBodyErrors() {
    String body = "{\"sku\":\"X\"}";
    assertProblem(mvc.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON).content(body).exchange(),
        401);
    assertProblem(mvc.post().uri("/api/products").header(HttpHeaders.AUTHORIZATION, customer)
        .contentType(MediaType.TEXT_PLAIN).content(body).exchange(), 403);
    assertProblem(mvc.delete().uri("/api/products/" + UUID.randomUUID()).header(HttpHeaders.AUTHORIZATION, customer)
        .exchange(), 403);
  }

  @Test
  void invalidBodiesAreBadRequests() {
    assertProblem(create("", "No sku", "1.00", 1), 400);
    assertProblem(create("SKU-BAD-1", "Negative", "-1.00", 1), 400);
    assertProblem(create("SKU-BAD-2", "Fraction of a cent", "1.001", 1), 400);
    assertProblem(create("SKU-BAD-3", "Free", "0.00", 1), 400);
    assertProblem(create("SKU-BAD-4", "Negative stock", "1.00", -1), 400);
    assertProblem(create("SKU-BAD-7", "Above the catalog's largest price", "1000000.00", 1), 400);
    assertProblem(create("SKU-BAD-8", "Too many stock", "1.00", 1_000_001), 400);
    assertProblem(post("{\"sku\":\"SKU-BAD-5\",\"name\":\"Euro\",\"price\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},"
        + "\"availableQuantity\":1}"), 400);
    assertProblem(post("{\"sku\":\"SKU-BAD-6\",\"name\":\"x\",\"price\":{\"amount\":\"1.00\",\"currency\":\"USD\"},"
        + "\"availableQuantity\":1,\"version\":9}"), 400);
    assertProblem(post("{not json"), 400);
  }

  @Test
  void aHugeExponentIsABadRequestAtOnce() {
    // "1E+99999999" is 11 characters of JSON; written out to cents it would be a hundred million digits, which
    // BigDecimal grinds through (a billion overflows its limits at once, so it would not show the problem)
    MvcTestResult result = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> create("SKU-BAD-9", "Exponent", "1E+99999999", 1));
    assertProblem(result, 400);
    assertThat(result).bodyJson().extractingPath("$.errors[0].field").asString().startsWith("price");
  }

  @Test
  void stockIsNotPartOfAProductUpdate() throws Exception {
    String id = idOf(create("SKU-PUT-1", "Put", "1.00", 3));
    MvcTestResult result = mvc.put().uri("/api/products/" + id).header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content("""
            {"sku":"SKU-PUT-1","name":"Put","description":"","price":{"amount":"1.00","currency":"USD"},
             "availableQuantity":99}""").exchange();
    assertProblem(result, 400);
    assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("availableQuantity");
    assertProblem(mvc.put().uri("/api/products/" + id).header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content("{\"sku\":\"SKU-PUT-1\",\"name\":\"Put\"}").exchange(), 400);
  }

  @Test
  void pathAndQueryErrorsAreBadRequestsAndUnknownIdsNotFound() {
    assertProblem(mvc.get().uri("/api/products/not-a-uuid").exchange(), 400);
    assertProblem(mvc.get().uri("/api/products/" + UUID.randomUUID()).exchange(), 404);
    assertProblem(revise(UUID.randomUUID().toString(), "SKU-NONE", "Nobody", null), 404);
    assertProblem(mvc.get().uri("/api/products?limit=0").exchange(), 400);
    assertProblem(mvc.get().uri("/api/products?limit=101").exchange(), 400);
    assertProblem(mvc.get().uri("/api/products?limit=abc").exchange(), 400);
    assertProblem(mvc.get().uri("/api/products?cursor=bm9wZQ").exchange(), 400);
    assertProblem(mvc.get().uri("/api/products?cursor=%%%").exchange(), 400);
  }

  @Test
  void thePricesOfSeveralProductsComeInOneAnswerWithoutTheUnknownOnes() throws Exception {
    // given
    String mug = idOf(create("SKU-PRICE-1", "Price Mug", "9.50", 1));
    String tea = idOf(create("SKU-PRICE-2", "Price Tea", "3.25", 0));
    UUID unknown = UUID.randomUUID();
    // when: comma-separated, a repeat included
    MvcTestResult prices = mvc.get().uri("/api/products/prices?ids={a},{b},{c},{a}", mug, tea, unknown, mug).exchange();
    // then
    assertThat(prices).hasStatusOk().bodyJson().extractingPath("$.prices").asArray().hasSize(2);
    assertThat(prices).bodyJson().isLenientlyEqualTo("""
        {"prices":[{"productId":"%s","price":{"amount":"9.50","currency":"USD"}},
                   {"productId":"%s","price":{"amount":"3.25","currency":"USD"}}]}""".formatted(mug, tea));
    // and the repeated-parameter form reads the same
    assertThat(mvc.get().uri("/api/products/prices?ids={a}&ids={b}", tea, unknown).exchange()).hasStatusOk()
        .bodyJson().extractingPath("$.prices[*].productId").asArray().containsExactly(tea);
  }

  @Test
  void aPriceReadWithoutIdsWithAMalformedOneOrWithMoreThanFiftyIsABadRequest() {
    String fiftyOne = String.join(",", Stream.generate(() -> UUID.randomUUID().toString())
        .limit(51).toList());
    assertProblem(mvc.get().uri("/api/products/prices").exchange(), 400);
    assertProblem(mvc.get().uri("/api/products/prices?ids=").exchange(), 400);
    assertProblem(mvc.get().uri("/api/products/prices?ids=" + UUID.randomUUID() + ",not-a-uuid").exchange(), 400);
    assertProblem(mvc.get().uri("/api/products/prices?ids=" + fiftyOne).exchange(), 400);
  }

  @Test
  void pagesWalkTheWholeCatalogInNameOrderWithoutGapsOrRepeats() throws Exception {
    // given: names that sort differently with and without case folding
    List<String> names = List.of("page-b", "Page-A", "page-c", "PAGE-D", "page-e");
    for (int i = 0; i < names.size(); i++) {
      assertThat(create("SKU-PAGE-" + i, names.get(i), "1.00", 1)).hasStatus(201);
    }
    // when
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      MvcTestResult page = mvc.get().uri("/api/products?q=PAGE-&limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
          .exchange();
      assertThat(page).hasStatusOk();
      String json = page.getResponse().getContentAsString();
      seen.addAll(JsonPath.read(json, "$.items[*].name"));
      cursor = JsonPath.read(json, "$.nextCursor");
    } while (cursor != null);
    // then
    assertThat(seen).containsExactly("Page-A", "page-b", "page-c", "PAGE-D", "page-e");
  }

  @Test
  void searchMatchesNameOrSkuCaseInsensitively() throws Exception {
    assertThat(create("SKU-FIND-ZEBRA", "Striped Towel", "1.00", 1)).hasStatus(201);
    assertThat(create("SKU-FIND-OTHER", "Zebra Poster", "1.00", 1)).hasStatus(201);
    MvcTestResult result = mvc.get().uri("/api/products?q=zEbRa").exchange();
    assertThat(result).hasStatusOk().bodyJson().extractingPath("$.items[*].sku").asArray()
        .containsExactlyInAnyOrder("SKU-FIND-ZEBRA", "SKU-FIND-OTHER");
    assertThat(mvc.get().uri("/api/products?q=100%25_off").exchange()).hasStatusOk().bodyJson()
        .extractingPath("$.items").asArray().isEmpty();
  }

  private MvcTestResult create(String sku, String name, String amount, int stock) {
    return post("""
        {"sku":"%s","name":"%s","description":"A product","price":{"amount":"%s","currency":"USD"},
         "availableQuantity":%d}""".formatted(sku, name, amount, stock));
  }

  private MvcTestResult post(String json) {
    return mvc.post().uri("/api/products").header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content(json).exchange();
  }

  private MvcTestResult revise(String id, String sku, String name, String ifMatch) {
    var request = mvc.put().uri("/api/products/" + id).header(HttpHeaders.AUTHORIZATION, admin)
        .contentType(MediaType.APPLICATION_JSON).content("""
            {"sku":"%s","name":"%s","description":"","price":{"amount":"2.00","currency":"USD"}}"""
            .formatted(sku, name));
    return ifMatch == null ? request.exchange() : request.header(HttpHeaders.IF_MATCH, ifMatch).exchange();
  }

  private static String idOf(MvcTestResult created) throws Exception {
    assertThat(created).hasStatus(201);
    return JsonPath.read(created.getResponse().getContentAsString(), "$.id");
  }
}
