package io.shopscale.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Holds a service's committed OpenAPI document ({@code docs/openapi/<service>.json}) to what the running service
 * publishes. With {@code -Dshopscale.openapi.write=true} it rewrites the committed file instead (CONTRIBUTING.md).
 */
public final class OpenApiDrift {

  /** The system property that turns the check into a rewrite of the committed document. */
  public static final String WRITE = "shopscale.openapi.write";

  // what a caller of ./shopscale up sees: the services name their server from the gateway's X-Forwarded-* headers
  private static final String GATEWAY_HOST = "localhost:8080";

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private OpenApiDrift() {
  }

  /**
   * Asks the service for {@code /v3/api-docs} as the gateway of ./shopscale up forwards it (so the server it names is the
   * same on every machine) and holds it to the committed document.
   */
  public static void assertPublishedMatchesCommitted(MockMvcTester mvc, String service) throws Exception {
    MvcTestResult published = mvc.get().uri("/v3/api-docs")
        .header("X-Forwarded-Proto", "http")
        .header("X-Forwarded-Host", GATEWAY_HOST)
        .exchange();
    assertThat(published).hasStatusOk();
    assertMatchesCommitted(service, published.getResponse().getContentAsString());
  }

  /**
   * Fails, showing the difference, when {@code published} differs from the committed document as JSON (member order
   * and layout do not count).
   */
  private static void assertMatchesCommitted(String service, String published) {
    Path committed = committedDocument(service);
    JsonNode actual = JSON.readTree(published);
    if (Boolean.getBoolean(WRITE)) {
      write(committed, actual);
      return;
    }
    assertThat(committed).as("%s is missing: run this test with -D%s=true to write it", committed, WRITE).exists();
    JsonNode expected = JSON.readTree(committed.toFile());
    assertThat(pretty(actual))
        .as("%s's OpenAPI document differs from %s: if the change is meant, run this test with -D%s=true and commit"
            + " the file", service, committed, WRITE)
        .isEqualTo(pretty(expected));
  }

  /** {@code docs/openapi/<service>.json} of the checkout the test runs in. */
  public static Path committedDocument(String service) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs/openapi"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no docs/openapi above " + Path.of("").toAbsolutePath());
    }
    return dir.resolve("docs/openapi/" + service + ".json");
  }

  private static String pretty(JsonNode document) {
    // through a tree re-read as maps so that object members compare in one order whatever order each side has
    return JSON.writeValueAsString(JSON.treeToValue(document, Object.class));
  }

  private static void write(Path committed, JsonNode document) {
    try {
      Files.writeString(committed, pretty(document) + "\n");
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
