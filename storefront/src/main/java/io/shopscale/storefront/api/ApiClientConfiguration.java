package io.shopscale.storefront.api;

import java.io.IOException;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

import io.shopscale.platform.web.CorrelationId;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The gateway client every feature uses. */
@Configuration(proxyBeanMethods = false)
class ApiClientConfiguration {

  @Bean
  RestClient gatewayClient(RestClient.Builder builder, StorefrontSettings settings, JsonMapper json) {
    var requestFactory = ClientHttpRequestFactoryBuilder.jdk()
        .build(HttpClientSettings.defaults().withTimeouts(settings.connectTimeout(), settings.readTimeout()));
    return builder.baseUrl(settings.apiUrl().toString())
        .requestFactory(requestFactory)
        // one id from the browser's request through the gateway and every service it reaches
        .requestInterceptor((request, body, execution) -> {
          request.getHeaders().set(CorrelationId.HEADER, CorrelationId.current());
          return execution.execute(request, body);
        })
        .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
          throw problemOf(response, json);
        })
        .build();
  }

  private static ApiProblem problemOf(ClientHttpResponse response, JsonMapper json) throws IOException {
    HttpHeaders headers = response.getHeaders();
    int status = response.getStatusCode().value();
    String correlationId = headers.getFirst(CorrelationId.HEADER);
    String retryAfter = headers.getFirst(HttpHeaders.RETRY_AFTER);
    ProblemBody body;
    try {
      body = json.readValue(response.getBody(), ProblemBody.class);
    }
    catch (JacksonException notAProblem) {
      // e.g. a proxy's HTML error page: the status still says what happened
      body = new ProblemBody(null, null, null);
    }
    String title = body.title() != null ? body.title() : "Error " + status;
    String detail = body.detail() != null ? body.detail() : "";
    return new ApiProblem(status, title, detail, body.errors() != null ? body.errors() : List.of(), correlationId,
        retryAfter);
  }

  /** The members of an RFC 9457 problem the storefront shows; anything else in it is ignored. */
  record ProblemBody(@Nullable String title, @Nullable String detail, @Nullable List<ApiProblem.FieldMessage> errors) {
  }
}
