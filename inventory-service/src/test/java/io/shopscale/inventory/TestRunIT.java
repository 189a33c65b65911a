package io.shopscale.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code spring-boot:test-run} starts the service alone on real servers, ready to answer. */
class TestRunIT {

  @Test
  void theTestRunApplicationStartsTheServiceOnItsOwnAndItAnswersHealthAndTheCatalog() throws Exception {
    // given the class spring-boot:test-run launches
    try (ConfigurableApplicationContext service = TestInventoryServiceApplication.start("--server.port=0");
        HttpClient http = HttpClient.newHttpClient()) {
      String base = "http://localhost:" + service.getEnvironment().getProperty("local.server.port");
      // when a client asks for its health and the public catalog
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> catalog = http.send(
          HttpRequest.newBuilder(URI.create(base + "/api/products?limit=1")).build(),
          HttpResponse.BodyHandlers.ofString());
      // then both answer: the database, Redis and Kafka it was given are real and migrated
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"");
      assertThat(catalog.statusCode()).isEqualTo(200);
    }
  }
}
