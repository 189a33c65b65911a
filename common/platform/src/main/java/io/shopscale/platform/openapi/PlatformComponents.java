package io.shopscale.platform.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.jspecify.annotations.Nullable;

/**
 * What every service's document shares, described once under {@code components} (docs/api.md, "Conventions" to
 * "Rate limits"): the bearer scheme, the {@code Problem} schema, the headers and the generic error responses.
 */
final class PlatformComponents {

  static final String BEARER = "bearer";
  static final String PROBLEM = "Problem";
  static final String PROBLEM_JSON = "application/problem+json";
  // io.shopscale.events.Money: springdoc reads its BigDecimal as a number, but Jackson writes it as a string
  static final String MONEY = "Money";

  static final String CORRELATION_ID = "X-Correlation-ID";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String IF_MATCH = "If-Match";
  static final String IF_NONE_MATCH = "If-None-Match";
  static final String ETAG = "ETag";
  static final String LOCATION = "Location";
  static final String RETRY_AFTER = "Retry-After";
  static final List<String> RATE_LIMIT_HEADERS = List.of("X-RateLimit-Limit", "X-RateLimit-Remaining",
      "X-RateLimit-Reset");

  static final String BAD_REQUEST = "BadRequest";
  static final String UNAUTHORIZED = "Unauthorized";
  static final String FORBIDDEN = "Forbidden";
  static final String TOO_MANY_REQUESTS = "TooManyRequests";
  static final String INTERNAL_SERVER_ERROR = "InternalServerError";
  static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";

  private static final Map<String, Parameter> PARAMETERS = parameters();
  private static final Map<String, Header> HEADERS = headers();

  private PlatformComponents() {
  }

  static void addTo(Components components) {
    components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
        .bearerFormat("JWT")
        .description("An access token from POST /api/auth/login or /api/auth/refresh (RS256, 15 minutes), sent as "
            + "`Authorization: Bearer <token>`."));
    ObjectSchema fieldProblem = new ObjectSchema();
    fieldProblem.description("One invalid field of a 400 problem.")
        .addProperty("field", new StringSchema().example("email"))
        .addProperty("message", new StringSchema().example("must be a well-formed email address"));
    fieldProblem.setRequired(List.of("field", "message"));
    components.addSchemas("FieldProblem", fieldProblem);
    components.addSchemas(PROBLEM, problem());
    if (components.getSchemas().containsKey(MONEY)) {
      components.addSchemas(MONEY, money());
    }
    PARAMETERS.forEach(components::addParameters);
    HEADERS.forEach(components::addHeaders);
    components.addResponses(BAD_REQUEST, problemResponse("The request is not valid: a body, field, query parameter, "
        + "header or path variable; `errors` names each invalid field."));
    components.addResponses(UNAUTHORIZED, problemResponse("No token, or a malformed, forged or expired one.")
        .addHeaderObject("WWW-Authenticate", new Header().description("`Bearer`, with the reason where there is one")
            .schema(new StringSchema())));
    components.addResponses(FORBIDDEN, problemResponse("The token is valid but lacks the role this route needs."));
    components.addResponses(TOO_MANY_REQUESTS,
        problemResponse("The caller's rate limit is used up (gateway); try again "
            + "after `Retry-After` seconds.")
            .addHeaderObject(RETRY_AFTER, header(RETRY_AFTER)));
    components.addResponses(INTERNAL_SERVER_ERROR, problemResponse("An unexpected failure; quote the "
        + "`correlationId` when you report it."));
    components.addResponses(SERVICE_UNAVAILABLE, problemResponse("The service is down, slow, or its bulkhead or "
        + "circuit breaker is refusing calls (gateway); try again after `Retry-After` seconds.")
        .addHeaderObject(RETRY_AFTER, header(RETRY_AFTER)));
  }

  /**
   * Drops the shared parameters, headers and responses that no operation of this service uses (a service without a
   * conditional write has no use for {@code If-Match}), so that its document describes only what it does.
   */
  static void removeUnused(OpenAPI api) {
    Components components = api.getComponents();
    // twice: a response dropped in the first pass may have been the only user of a header
    for (int pass = 0; pass < 2; pass++) {
      String document = Json.pretty(api);
      removeUnused(components.getResponses(), "responses", document);
      removeUnused(components.getParameters(), "parameters", document);
      removeUnused(components.getHeaders(), "headers", document);
    }
  }

  private static void removeUnused(@Nullable Map<String, ?> shared, String kind, String document) {
    if (shared != null) {
      shared.keySet().removeIf(name -> !document.contains("\"#/components/" + kind + "/" + name + "\""));
    }
  }

  static Content problemContent() {
    return new Content().addMediaType(PROBLEM_JSON,
        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
  }

  static ApiResponse response(String name) {
    return new ApiResponse().$ref("#/components/responses/" + name);
  }

  static boolean knowsParameter(String name) {
    return PARAMETERS.containsKey(name);
  }

  static Parameter parameter(String name) {
    return new Parameter().$ref(parameterRef(name));
  }

  static String parameterRef(String name) {
    return "#/components/parameters/" + name;
  }

  static boolean knowsHeader(String name) {
    return HEADERS.containsKey(name);
  }

  static Header header(String name) {
    return new Header().$ref("#/components/headers/" + name);
  }

  private static ApiResponse problemResponse(String description) {
    return new ApiResponse().description(description).content(problemContent())
        .addHeaderObject(CORRELATION_ID, header(CORRELATION_ID));
  }

  private static Schema<?> problem() {
    Map<String, Object> example = new LinkedHashMap<>();
    example.put("type", "about:blank");
    example.put("title", "Not Found");
    example.put("status", 404);
    example.put("detail", "No product 0193a3c2-5f4e-7cc1-9a51-1d2a3b4c5d6e");
    example.put("instance", "/api/products/0193a3c2-5f4e-7cc1-9a51-1d2a3b4c5d6e");
    example.put("correlationId", "checkout-42");
    ObjectSchema problem = new ObjectSchema();
    problem.description("An RFC 9457 problem: every error of every route. All six members are always there and never "
        + "null; a 400 about fields adds `errors`.")
        .addProperty("type", new StringSchema().format("uri-reference").example("about:blank"))
        .addProperty("title", new StringSchema().example("Not Found"))
        .addProperty("status", new IntegerSchema().format("int32").example(404))
        .addProperty("detail", new StringSchema().example("No product 0193a3c2-5f4e-7cc1-9a51-1d2a3b4c5d6e"))
        .addProperty("instance", new StringSchema().format("uri-reference").description("the path called"))
        .addProperty("correlationId", new StringSchema().description("equal to the response's X-Correlation-ID"))
        .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldProblem"))
            .description("400 only: one entry per invalid field"));
    problem.setRequired(List.of("type", "title", "status", "detail", "instance", "correlationId"));
    problem.setExample(example);
    return problem;
  }

  private static Schema<?> money() {
    ObjectSchema money = new ObjectSchema();
    money.description("An amount of one currency (docs/api.md, \"Conventions\"): a decimal string with two decimals, "
        + "never a float.")
        .addProperty("amount", new StringSchema().pattern("^\\d{1,15}\\.\\d{2}$").example("19.99"))
        .addProperty("currency", new StringSchema().pattern("^[A-Z]{3}$").example("USD"));
    money.setRequired(List.of("amount", "currency"));
    return money;
  }

  private static Map<String, Parameter> parameters() {
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    parameters.put(CORRELATION_ID, new HeaderParameter().name(CORRELATION_ID).required(false)
        .description("Your id for this call (1-64 of `A-Z a-z 0-9 . _ -`), kept through every service, log line, "
            + "problem and event; anything else is replaced by a new UUID.")
        .schema(new StringSchema().maxLength(64).example("checkout-42")));
    parameters.put(IDEMPOTENCY_KEY, new HeaderParameter().name(IDEMPOTENCY_KEY).required(true)
        .description("1-64 characters, a fresh UUID per order. A retry with the same key and an equal body answers "
            + "the same order; the same key with another body is a 422. Per user, remembered 24 h.")
        .schema(new StringSchema().minLength(1).maxLength(64).example("6f1c9a52-3c55-4a8e-9a0b-2f1d8c7e4b10")));
    parameters.put(IF_MATCH, new HeaderParameter().name(IF_MATCH).required(false)
        .description("The `ETag` you read: the write happens only if nobody changed the resource since (else 412).")
        .schema(new StringSchema().example("\"7\"")));
    parameters.put(IF_NONE_MATCH, new HeaderParameter().name(IF_NONE_MATCH).required(false)
        .description("The `ETag` you hold: a 304 without a body while the resource is unchanged.")
        .schema(new StringSchema().example("\"7\"")));
    return parameters;
  }

  private static Map<String, Header> headers() {
    Map<String, Header> headers = new LinkedHashMap<>();
    headers.put(CORRELATION_ID, new Header().description("The caller's correlation id, or a new UUID when it sent "
        + "none or an unusable one.").schema(new StringSchema().example("checkout-42")));
    headers.put(ETAG, new Header().description("The resource's version in quotes, a strong validator for "
        + "`If-None-Match` and `If-Match`.").schema(new StringSchema().example("\"7\"")));
    headers.put(LOCATION, new Header().description("The new resource's path, relative to the gateway.")
        .schema(new StringSchema().format("uri-reference")));
    headers.put(RETRY_AFTER, new Header().description("Seconds to wait before trying again.")
        .schema(new IntegerSchema().example(5)));
    headers.put("X-RateLimit-Limit", new Header().description("The caller's bucket size (gateway).")
        .schema(new IntegerSchema().example(40)));
    headers.put("X-RateLimit-Remaining", new Header().description("Whole requests the caller has left now.")
        .schema(new IntegerSchema().example(39)));
    headers.put("X-RateLimit-Reset", new Header().description("Epoch seconds when the bucket is full again.")
        .schema(new IntegerSchema().format("int64").example(1796586752)));
    return headers;
  }
}
