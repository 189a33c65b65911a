package io.shopscale.storefront.cart;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;

/**
 * The session's cart: product lines with the price seen when added. The order is priced by the catalog at checkout
 * (docs/api.md), so the total here is an estimate, labelled so.
 */
public final class Cart implements Serializable {

  private static final long serialVersionUID = 1L;
  static final String SESSION_KEY = Cart.class.getName();
  /** The API's limits for one order line. */
  static final int MAX_QUANTITY = 100;
  static final int MAX_LINES = 50;

  /** One product in the cart. */
  public record Line(UUID productId, String name, BigDecimal unitPrice, String currency, int quantity)
      implements
        Serializable {

    public BigDecimal subtotal() {
      return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
  }

  private final Map<UUID, Line> lines = new LinkedHashMap<>();

  /** The session's cart, created on first use. */
  public static Cart of(HttpSession session) {
    Cart cart = (Cart) session.getAttribute(SESSION_KEY);
    if (cart == null) {
      cart = new Cart();
      session.setAttribute(SESSION_KEY, cart);
    }
    return cart;
  }

  /** The session's cart without creating a session or a cart. */
  public static @Nullable Cart peek(@Nullable HttpSession session) {
    return session == null ? null : (Cart) session.getAttribute(SESSION_KEY);
  }

  synchronized void add(UUID productId, String name, BigDecimal unitPrice, String currency, int quantity) {
    Line existing = lines.get(productId);
    int total = Math.min(MAX_QUANTITY, quantity + (existing == null ? 0 : existing.quantity()));
    if (existing == null && lines.size() >= MAX_LINES) {
      throw new IllegalStateException("A cart holds at most " + MAX_LINES + " different products.");
    }
    lines.put(productId, new Line(productId, name, unitPrice, currency, total));
  }

  synchronized void remove(UUID productId) {
    lines.remove(productId);
  }

  public synchronized void clear() {
    lines.clear();
  }

  public synchronized List<Line> lines() {
    return new ArrayList<>(lines.values());
  }

  public synchronized int itemCount() {
    return lines.values().stream().mapToInt(Line::quantity).sum();
  }

  public synchronized boolean isEmpty() {
    return lines.isEmpty();
  }

  public synchronized BigDecimal estimatedTotal() {
    return lines.values().stream().map(Line::subtotal).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  public synchronized String currency() {
    return lines.values().stream().map(Line::currency).findFirst().orElse("USD");
  }
}
