package io.shopscale.storefront;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript: keeps cookies, follows redirects and posts forms with the CSRF token of the page it
 * last read, which is how every page of the storefront must work before htmx enhances it.
 */
public final class Browser {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final String base;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient http;
  private String lastPage = "";

  public Browser(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  public HttpResponse<String> get(String path) {
    return remember(send(HttpRequest.newBuilder(URI.create(base + path)).GET()));
  }

  /** Posts a form as the page last read would, with its CSRF token. */
  public HttpResponse<String> post(String path, Map<String, String> fields) {
    Map<String, String> form = new LinkedHashMap<>(fields);
    Matcher token = CSRF.matcher(lastPage);
    if (token.find()) {
      form.put("_csrf", token.group(1).replace("&#45;", "-"));
    }
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return remember(send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body))));
  }

  /** The value of the named hidden field on the page last read. */
  public String field(String name) {
    Matcher value = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(lastPage);
    if (!value.find()) {
      throw new AssertionError("No field " + name + " on the page");
    }
    return value.group(1);
  }

  public CookieManager cookies() {
    return cookies;
  }

  private HttpResponse<String> remember(HttpResponse<String> response) {
    lastPage = response.body();
    return response;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }
}
