package io.shopscale.platform.web;

import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/** The id that ties one request's log lines, problems and events together across services. */
public final class CorrelationId {

  public static final String HEADER = "X-Correlation-ID";
  public static final String MDC_KEY = "correlationId";
  static final String REQUEST_ATTRIBUTE = CorrelationId.class.getName();

  // Anything else could smuggle log-forging characters or unbounded data into logs and headers.
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private CorrelationId() {
  }

  /** The caller's value when it is well-formed, otherwise a new UUID. */
  public static String acceptOrGenerate(@Nullable String candidate) {
    return candidate != null && WELL_FORMED.matcher(candidate).matches() ? candidate : UUID.randomUUID().toString();
  }

  /** The id of the request being served on this thread, or a new one outside a request (e.g. a scheduled job). */
  public static String current() {
    String id = MDC.get(MDC_KEY);
    return id != null ? id : UUID.randomUUID().toString();
  }
}
