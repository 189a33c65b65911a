package io.shopscale.inventory.product;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.shopscale.platform.web.FieldProblem;
import io.shopscale.platform.web.Problems;
import org.jspecify.annotations.Nullable;
import org.springframework.web.ErrorResponseException;

/**
 * Where the next page starts: the sort key of the last item (lower-cased name, id). Opaque to clients: base64url
 * of {@code <id>:<name>}; anything that does not decode to that is a 400, never a silent first page.
 */
record Cursor(UUID afterId, String afterName) {

  private static final int UUID_LENGTH = 36;

  String encode() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((afterId + ":" + afterName).getBytes(StandardCharsets.UTF_8));
  }

  static @Nullable Cursor decode(@Nullable String token) {
    if (token == null) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.length() <= UUID_LENGTH || text.charAt(UUID_LENGTH) != ':') {
        throw new BadCursor();
      }
      return new Cursor(UUID.fromString(text.substring(0, UUID_LENGTH)), text.substring(UUID_LENGTH + 1));
    }
    catch (IllegalArgumentException ex) {
      throw new BadCursor();
    }
  }

  static final class BadCursor extends ErrorResponseException {
    BadCursor() {
      super(org.springframework.http.HttpStatus.BAD_REQUEST,
          Problems.validation(List.of(new FieldProblem("cursor", "is not a cursor this API returned"))), null);
    }
  }
}
