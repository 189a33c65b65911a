package io.shopscale.order.order;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.shopscale.platform.web.FieldProblem;
import org.jspecify.annotations.Nullable;

/** A page of a customer's orders; {@code nextCursor} is opaque to clients (base64url of the last id). */
record OrderPage(List<OrderView> items, @Nullable String nextCursor) {

  static OrderPage of(List<OrderView> items, int limit) {
    String next = items.size() == limit ? encode(items.get(items.size() - 1).id()) : null;
    return new OrderPage(items, next);
  }

  static String encode(UUID lastId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Anything this API did not hand out is a 400, never a silent first page. */
  static @Nullable UUID decode(@Nullable String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      UUID lastId = UUID.fromString(text);
      if (lastId.toString().equals(text)) {
        return lastId;
      }
    }
    catch (IllegalArgumentException e) {
      // not base64 or not a UUID: the same answer as any other foreign cursor
    }
    throw new OrderProblems.InvalidRequest(List.of(new FieldProblem("cursor", "is not a cursor this API returned")));
  }
}
