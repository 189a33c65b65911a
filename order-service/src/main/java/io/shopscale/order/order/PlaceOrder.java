package io.shopscale.order.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** A customer's request to order, after validation, with the key that makes retrying it safe. */
record PlaceOrder(UUID userId, String idempotencyKey, List<Line> lines, String paymentToken) {

  record Line(UUID productId, int quantity) {
  }

  PlaceOrder {
    lines = List.copyOf(lines);
  }

  /**
   * The same for two JSON-equal bodies (field order and whitespace do not matter, line order does) and for a body
   * that leaves out the default payment token and one that names it.
   */
  String requestHash() {
    StringBuilder canonical = new StringBuilder();
    lines.forEach(line -> canonical.append(line.productId()).append('*').append(line.quantity()).append(';'));
    canonical.append('|').append(paymentToken);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    }
    catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
