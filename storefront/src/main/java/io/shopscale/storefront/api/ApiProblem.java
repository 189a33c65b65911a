package io.shopscale.storefront.api;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A problem the API answered with (RFC 9457), or the API being unreachable, in words a shopper can read. Pages show
 * {@link #readable()}; the correlation id lets support find the request in the logs.
 */
public class ApiProblem extends RuntimeException {

  private final int status;
  private final String title;
  private final String detail;
  private final List<FieldMessage> errors;
  private final @Nullable String correlationId;
  private final @Nullable String retryAfter;

  /** One field the API rejected and why. */
  public record FieldMessage(String field, String message) {
  }

  public ApiProblem(int status, String title, String detail, List<FieldMessage> errors, @Nullable String correlationId,
      @Nullable String retryAfter) {
    super(status + " " + title + ": " + detail);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = List.copyOf(errors);
    this.correlationId = correlationId;
    this.retryAfter = retryAfter;
  }

  /** The API could not be reached or did not answer in time. */
  static ApiProblem unreachable(String correlationId) {
    return new ApiProblem(503, "Service Unavailable",
        "The shop cannot reach its services right now; please try again in a moment.", List.of(), correlationId, null);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return detail;
  }

  public List<FieldMessage> errors() {
    return errors;
  }

  public @Nullable String correlationId() {
    return correlationId;
  }

  public @Nullable String retryAfter() {
    return retryAfter;
  }

  /** The sentence a page shows: the problem's detail, each rejected field, and when to retry if the API said. */
  public String readable() {
    var text = new StringBuilder(detail.isBlank() ? title : detail);
    for (FieldMessage error : errors) {
      text.append(' ').append(humanize(error.field())).append(' ').append(error.message()).append('.');
    }
    if (retryAfter != null) {
      text.append(" Please try again in ").append(retryAfter).append(" s.");
    }
    return text.toString();
  }

  private static String humanize(String field) {
    if (field.isBlank()) {
      return "A value";
    }
    String spaced = field.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
  }
}
