package io.shopscale.platform.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Completes every problem the same way: docs/api.md promises that {@code type}, {@code title}, {@code status},
 * {@code detail}, {@code instance} and {@code correlationId} are always present and never null.
 */
public final class Problems {

  static final URI BLANK = URI.create("about:blank");

  private Problems() {
  }

  public static ProblemDetail of(HttpStatusCode status, String detail) {
    return ProblemDetail.forStatusAndDetail(status, detail);
  }

  public static ProblemDetail validation(List<FieldProblem> errors) {
    ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "The request is not valid; see errors.");
    problem.setProperty("errors", errors);
    return problem;
  }

  /** Fills what is missing from the request being served. */
  public static ProblemDetail complete(ProblemDetail problem, HttpServletRequest request) {
    Object id = request.getAttribute(CorrelationId.REQUEST_ATTRIBUTE);
    return complete(problem, request.getRequestURI(), id != null ? id.toString() : CorrelationId.current());
  }

  /** Fills what is missing, for code that is not served by a servlet (the reactive gateway). */
  public static ProblemDetail complete(ProblemDetail problem, String path, String correlationId) {
    if (problem.getType() == null) {
      problem.setType(BLANK);
    }
    HttpStatus status = HttpStatus.resolve(problem.getStatus());
    String phrase = status != null ? status.getReasonPhrase() : "Error";
    if (problem.getTitle() == null) {
      problem.setTitle(phrase);
    }
    if (problem.getDetail() == null) {
      problem.setDetail(problem.getTitle());
    }
    if (problem.getInstance() == null) {
      problem.setInstance(URI.create(path));
    }
    problem.setProperty("correlationId", correlationId);
    return problem;
  }

  /** The JSON members in RFC 9457 order, for writers that sit outside Spring MVC (security filters). */
  public static Map<String, Object> members(ProblemDetail problem) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("type", String.valueOf(problem.getType()));
    members.put("title", problem.getTitle());
    members.put("status", problem.getStatus());
    members.put("detail", problem.getDetail());
    members.put("instance", String.valueOf(problem.getInstance()));
    if (problem.getProperties() != null) {
      members.putAll(problem.getProperties());
    }
    return members;
  }
}
