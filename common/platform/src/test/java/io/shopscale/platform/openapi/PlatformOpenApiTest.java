package io.shopscale.platform.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the platform adds to every service's OpenAPI document, seen on the probe service's. */
@SpringBootTest(classes = PlatformTestApplication.class, properties = {
    "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "spring.application.name=probe-service", "shopscale.openapi.description=Probes."})
@AutoConfigureMockMvc
@ShopScaleInfrastructure({})
class PlatformOpenApiTest {

  @Autowired
  MockMvcTester mvc;

  private JsonNode document;

  @BeforeEach
  void readDocument() throws Exception {
    String json = mvc.get().uri("/v3/api-docs").exchange().getResponse().getContentAsString();
    document = JsonMapper.builder().build().readTree(json);
  }

  @Test
  void infoNamesTheServiceAndTheProjectVersion() {
    JsonNode info = document.get("info");
    assertThat(info.get("title").asString()).isEqualTo("probe-service");
    assertThat(info.get("description").asString()).isEqualTo("Probes.");
    assertThat(info.get("version").asString()).as("filtered from the build").matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void securityFollowsTheServicesOwnUrlRules() {
    JsonNode open = operation("/probe/public", "get");
    JsonNode user = operation("/probe/me", "get");
    JsonNode admin = operation("/probe/admin", "get");

    assertThat(open.get("security").isEmpty()).as("public: marked as needing no token").isTrue();
    assertThat(open.get("responses").has("401")).isFalse();
    assertThat(user.get("security").get(0).has("bearer")).isTrue();
    assertThat(user.get("responses").get("401").get("$ref").asString()).endsWith("/Unauthorized");
    assertThat(user.get("responses").has("403")).as("any valid token will do").isFalse();
    assertThat(admin.get("responses").get("403").get("$ref").asString()).endsWith("/Forbidden");
    assertThat(document.get("components").get("securitySchemes").get("bearer").get("bearerFormat").asString())
        .isEqualTo("JWT");
  }

  @Test
  void everyErrorResponseIsAProblem() {
    List<String> errors = new ArrayList<>();
    document.get("paths").forEach(path -> path.forEach(operation -> operation.get("responses").properties()
        .forEach(response -> {
          if (response.getKey().matches("[45]\\d\\d") && !response.getValue().has("$ref")) {
            errors.add(response.getValue().get("content").get("application/problem+json").get("schema").get("$ref")
                .asString());
          }
        })));
    document.get("components").get("responses").forEach(response -> errors.add(
        response.get("content").get("application/problem+json").get("schema").get("$ref").asString()));

    assertThat(errors).isNotEmpty().allMatch("#/components/schemas/Problem"::equals);
    assertThat(document.get("components").get("schemas").get("Problem").get("required").values())
        .extracting(JsonNode::asString)
        .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "correlationId");
  }

  @Test
  void operationsWithInputCanBeBadRequestsAndEveryAnswerCarriesTheCorrelationId() {
    JsonNode create = operation("/probe/items", "post");
    assertThat(create.get("responses").get("400").get("$ref").asString()).endsWith("/BadRequest");
    assertThat(operation("/probe/public", "get").get("responses").has("400")).as("no input").isFalse();
    assertThat(create.get("parameters").values()).extracting(parameter -> parameter.get("$ref").asString())
        .contains("#/components/parameters/X-Correlation-ID");
    assertThat(create.get("responses").get("200").get("headers").get("X-Correlation-ID").get("$ref").asString())
        .isEqualTo("#/components/headers/X-Correlation-ID");
  }

  private JsonNode operation(String path, String method) {
    return document.get("paths").get(path).get(method);
  }
}
