package io.shopscale.platform.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

/**
 * Completes a service's document the same way everywhere, so that a controller only says what is its own (summary,
 * its specific responses, the headers it reads or writes by name):
 * <ul>
 * <li>{@code security} on every operation, decided by the service's own URL rules ({@code ApiAuthorization}, asked
 * through Spring Security's privilege evaluator): {@code []} where an anonymous caller is let through, the bearer
 * scheme elsewhere, with a 401 and, where a role is needed, a 403;
 * <li>every 4xx/5xx response is an RFC 9457 problem ({@code application/problem+json}, schema {@code Problem});
 * <li>the responses every route can give (400 where there is input, 429 and 503 from the gateway, 500);
 * <li>headers the platform knows ({@link PlatformComponents}) are described once and referenced by name, and every
 * response carries {@code X-Correlation-ID}; rate-limited routes' answers the {@code X-RateLimit-*} headers.
 * </ul>
 */
final class PlatformOpenApi implements OpenApiCustomizer {

  // the gateway limits these routes; health, JWKS and the documents are not (docs/api.md, "Rate limits")
  private static final String RATE_LIMITED = "/api/";
  private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{[^}]+}");
  private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("openapi", "anonymous",
      AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
  private static final Authentication WITHOUT_ROLES = UsernamePasswordAuthenticationToken.authenticated("openapi",
      null, List.of());

  // headers a caller may leave out or get wrong without a 400: an unusable correlation id is replaced, not refused
  private static final Set<String> OPTIONAL_HEADERS = Set.of(
      PlatformComponents.parameterRef(PlatformComponents.CORRELATION_ID),
      PlatformComponents.parameterRef(PlatformComponents.IF_NONE_MATCH),
      PlatformComponents.parameterRef(PlatformComponents.IF_MATCH));

  private final String title;
  private final OpenApiSettings settings;
  private final WebInvocationPrivilegeEvaluator rules;

  PlatformOpenApi(String title, OpenApiSettings settings, WebInvocationPrivilegeEvaluator rules) {
    this.title = title;
    this.settings = settings;
    this.rules = rules;
  }

  @Override
  public void customise(OpenAPI api) {
    api.info(new Info().title(title).version(settings.version()).description(settings.description()));
    Components components = api.getComponents() != null ? api.getComponents() : new Components();
    PlatformComponents.addTo(components);
    api.components(components);
    if (api.getPaths() != null) {
      api.getPaths().forEach((path, item) -> item.readOperationsMap()
          .forEach((method, operation) -> complete(path, method, operation)));
    }
    if (api.getTags() != null) {
      api.setTags(api.getTags().stream().sorted(Comparator.comparing(Tag::getName)).toList());
    }
    PlatformComponents.removeUnused(api);
  }

  private void complete(String path, PathItem.HttpMethod method, Operation operation) {
    Access access = accessTo(path, method.name());
    boolean rateLimited = path.startsWith(RATE_LIMITED);
    operation.setSecurity(access == Access.PUBLIC
        ? List.of()
        : List.of(new SecurityRequirement().addList(PlatformComponents.BEARER)));
    referenceKnownHeaders(operation);
    ApiResponses responses = operation.getResponses() != null ? operation.getResponses() : new ApiResponses();
    operation.setResponses(responses);
    responses.forEach((status, response) -> complete(status, response, rateLimited));
    if (hasInput(operation)) {
      responses.putIfAbsent("400", PlatformComponents.response(PlatformComponents.BAD_REQUEST));
    }
    if (access != Access.PUBLIC) {
      responses.putIfAbsent("401", PlatformComponents.response(PlatformComponents.UNAUTHORIZED));
    }
    if (access == Access.ROLE) {
      responses.putIfAbsent("403", PlatformComponents.response(PlatformComponents.FORBIDDEN));
    }
    if (rateLimited) {
      responses.putIfAbsent("429", PlatformComponents.response(PlatformComponents.TOO_MANY_REQUESTS));
    }
    responses.putIfAbsent("500", PlatformComponents.response(PlatformComponents.INTERNAL_SERVER_ERROR));
    if (rateLimited) {
      responses.putIfAbsent("503", PlatformComponents.response(PlatformComponents.SERVICE_UNAVAILABLE));
    }
  }

  private static void complete(String status, ApiResponse response, boolean rateLimited) {
    if (response.get$ref() != null) {
      return;
    }
    if (status.startsWith("4") || status.startsWith("5")) {
      response.setContent(PlatformComponents.problemContent());
    }
    Map<String, Header> headers = response.getHeaders() != null ? response.getHeaders() : Map.of();
    var completed = new LinkedHashMap<String, Header>();
    headers.forEach((name, header) -> completed.put(name, PlatformComponents.knowsHeader(name)
        ? PlatformComponents.header(name)
        : typed(header)));
    completed.putIfAbsent(PlatformComponents.CORRELATION_ID, PlatformComponents.header(
        PlatformComponents.CORRELATION_ID));
    if (rateLimited && status.startsWith("2")) {
      PlatformComponents.RATE_LIMIT_HEADERS
          .forEach(name -> completed.putIfAbsent(name, PlatformComponents.header(name)));
    }
    response.setHeaders(completed);
  }

  // OpenAPI wants a schema (or content) on every header; one named only by an annotation has neither
  private static Header typed(Header header) {
    if (header.get$ref() == null && header.getSchema() == null && header.getContent() == null) {
      header.setSchema(new StringSchema());
    }
    return header;
  }

  /**
   * Header parameters the platform describes become references, and every operation takes the caller's
   * correlation id.
   */
  private static void referenceKnownHeaders(Operation operation) {
    List<Parameter> parameters = new ArrayList<>();
    boolean correlationId = false;
    for (Parameter parameter : operation.getParameters() != null ? operation.getParameters() : List.<Parameter>of()) {
      boolean known = "header".equals(parameter.getIn()) && PlatformComponents.knowsParameter(parameter.getName());
      parameters.add(known ? PlatformComponents.parameter(parameter.getName()) : parameter);
      correlationId |= known && PlatformComponents.CORRELATION_ID.equals(parameter.getName());
    }
    if (!correlationId) {
      parameters.add(PlatformComponents.parameter(PlatformComponents.CORRELATION_ID));
    }
    operation.setParameters(parameters);
  }

  private static boolean hasInput(Operation operation) {
    return operation.getRequestBody() != null || operation.getParameters().stream()
        .anyMatch(parameter -> parameter.get$ref() == null || !OPTIONAL_HEADERS.contains(parameter.get$ref()));
  }

  private Access accessTo(String path, String method) {
    // any value stands for a path variable: the rules match path patterns, never particular ids
    String uri = TEMPLATE_VARIABLE.matcher(path).replaceAll("0");
    if (rules.isAllowed("", uri, method, ANONYMOUS)) {
      return Access.PUBLIC;
    }
    return rules.isAllowed("", uri, method, WITHOUT_ROLES) ? Access.USER : Access.ROLE;
  }

  private enum Access {
    /** no token needed */
    PUBLIC,
    /** any valid token */
    USER,
    /** a valid token with a role the rules name */
    ROLE
  }
}
