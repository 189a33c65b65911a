package io.shopscale.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public API as a client sees it: HTTP/1.1 to the gateway, JSON in and out, nothing else. */
final class Gateway {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  Gateway(URI base) {
    this.base = base;
  }

  HttpRequest.Builder request(String path, @Nullable String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json, application/problem+json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  Response get(String path, @Nullable String token) {
    return send(request(path, token).GET());
  }

  Response post(String path, @Nullable String token, @Nullable Object body, String... headers) {
    return send(withJson(request(path, token), "POST", body, headers));
  }

  static HttpRequest.Builder withJson(HttpRequest.Builder request, String method, @Nullable Object body,
      String... headers) {
    if (headers.length > 0) {
      request.headers(headers);
    }
    if (body == null) {
      return request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    String json = body instanceof String text ? text : JSON.writeValueAsString(body);
    return request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
  }

  Response send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      return new Response(built.method() + " " + built.uri().getRawPath(), response.statusCode(), response.headers(),
          response.body());
    }
    catch (IOException ex) {
      throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", ex);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", ex);
    }
  }

  /**
   * What a well-behaved client does for set-up and load: a 429 (refused before it reached any service) waits its
   * {@code Retry-After} and goes again; a 503 or a lost connection is tried again after a short pause only when the
   * request is safe to repeat (GET, PUT, a login, or a placement under an Idempotency-Key). Up to 90 s in all.
   */
  Response patiently(HttpRequest.Builder request) {
    HttpRequest probe = request.copy().build();
    boolean repeatable = List.of("GET", "HEAD", "PUT").contains(probe.method())
        || probe.headers().firstValue("Idempotency-Key").isPresent()
        || probe.uri().getPath().equals("/api/auth/login");
    Instant deadline = Instant.now().plus(PATIENCE);
    while (true) {
      Response response;
      try {
        response = send(request.copy());
      }
      catch (UncheckedIOException ex) {
        if (!repeatable || Instant.now().isAfter(deadline)) {
          throw ex;
        }
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        continue;
      }
      boolean retry = response.status() == 429 || (response.status() == 503 && repeatable);
      if (!retry || Instant.now().isAfter(deadline)) {
        return response;
      }
      String retryAfter = response.header("Retry-After");
      long seconds = retryAfter == null ? 0 : Long.parseLong(retryAfter);
      LockSupport.parkNanos(Duration.ofMillis(Math.max(100, Math.min(seconds * 1000, 5000))).toNanos());
    }
  }

  /** One answer of the gateway. */
  record Response(String call, int status, HttpHeaders headers, String body) {

    JsonNode json() {
      return JSON.readTree(body);
    }

    @Nullable
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /**
     * An RFC 9457 problem of this status with every member docs/api.md promises, its correlation id equal to the
     * response's {@code X-Correlation-ID}; returns the problem.
     */
    JsonNode expectProblem(int status) {
      expect(status);
      org.assertj.core.api.Assertions.assertThat(header("Content-Type")).as(call + " content type")
          .startsWith("application/problem+json");
      JsonNode problem = json();
      for (String member : List.of("type", "title", "status", "detail", "instance", "correlationId")) {
        org.assertj.core.api.Assertions.assertThat(problem.hasNonNull(member)).as(call + " problem has " + member)
            .isTrue();
      }
      org.assertj.core.api.Assertions.assertThat(problem.get("status").asInt()).isEqualTo(status);
      org.assertj.core.api.Assertions.assertThat(problem.get("correlationId").asString()).as(call + " correlationId")
          .isEqualTo(header("X-Correlation-ID"));
      return problem;
    }

    /** This response, when its status is one of these; otherwise an assertion failure that shows the body. */
    Response expect(int... statuses) {
      if (Arrays.stream(statuses).noneMatch(expected -> expected == status)) {
        throw new AssertionError(call + " answered " + status + ", expected " + Arrays.toString(statuses) + ": "
            + body);
      }
      return this;
    }
  }
}
