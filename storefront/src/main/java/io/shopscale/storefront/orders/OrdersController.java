package io.shopscale.storefront.orders;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.shopscale.storefront.account.Shoppers;
import io.shopscale.storefront.api.ApiProblem;
import io.shopscale.storefront.api.ShopApi;
import io.shopscale.storefront.cart.Cart;
import io.shopscale.storefront.catalog.Catalog;

/** Checkout, one order's live page, the history and cancelling. Every page here needs a logged-in shopper. */
@Controller
class OrdersController {

  static final int PAGE_SIZE = 10;
  // the key of each checkout this session placed, and its order: a form submitted again finds its order here
  private static final String PLACED_KEY = OrdersController.class.getName() + ".placed";

  private final ShopApi api;
  private final Shoppers shoppers;
  private final Catalog catalog;

  OrdersController(ShopApi api, Shoppers shoppers, Catalog catalog) {
    this.api = api;
    this.shoppers = shoppers;
    this.catalog = catalog;
  }

  public record Page(List<Order> items, @Nullable String nextCursor) {
  }

  /**
   * Places the cart as one order. The form's idempotency key goes to the API, so a double click or a resubmitted form
   * is the same order there; the session remembers it too, because the first submission has emptied the cart.
   */
  @PostMapping("/orders")
  String place(@RequestParam String idempotencyKey, @RequestParam String paymentToken, HttpServletRequest request,
      RedirectAttributes redirect) {
    String bearer = shoppers.bearer(request);
    HttpSession session = request.getSession();
    UUID already = placed(session).get(idempotencyKey);
    if (already != null) {
      return "redirect:/orders/" + already;
    }
    Cart cart = Cart.of(session);
    var lines = cart.lines().stream()
        .map(line -> Map.<String, Object>of("productId", line.productId(), "quantity", line.quantity())).toList();
    if (lines.isEmpty()) {
      redirect.addFlashAttribute("problem", "Your cart is empty.");
      return "redirect:/cart";
    }
    Order order;
    try {
      order = api.call(() -> api.client().post().uri("/api/orders")
          .header(HttpHeaders.AUTHORIZATION, bearer)
          .header("Idempotency-Key", idempotencyKey)
          .contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("items", lines, "paymentToken", paymentToken))
          .retrieve().body(Order.class));
    }
    catch (ApiProblem refused) {
      if (refused.status() == 401) {
        throw refused;
      }
      redirect.addFlashAttribute("problem", refused.readable());
      return "redirect:/cart";
    }
    placed(session).put(idempotencyKey, order.id());
    cart.clear();
    return "redirect:/orders/" + order.id();
  }

  @GetMapping("/orders/{id}")
  String order(@PathVariable UUID id, HttpServletRequest request, Model model) {
    Order order = fetch(id, request);
    model.addAttribute("order", order);
    model.addAttribute("names", names(order));
    model.addAttribute("refreshWithoutScript", order.isPending());
    return "order";
  }

  /** The status panel alone, for htmx polling: it stops polling itself once the order is settled. */
  @GetMapping("/orders/{id}/status")
  String status(@PathVariable UUID id, HttpServletRequest request, Model model) {
    model.addAttribute("order", fetch(id, request));
    return "order :: status";
  }

  @GetMapping("/orders")
  String history(@RequestParam(required = false) @Nullable String cursor, HttpServletRequest request, Model model) {
    String bearer = shoppers.bearer(request);
    Page page = api.call(() -> api.client().get()
        .uri(uri -> {
          var values = new HashMap<String, Object>();
          uri.path("/api/orders").queryParam("limit", PAGE_SIZE);
          if (cursor != null && !cursor.isBlank()) {
            uri.queryParam("cursor", "{cursor}");
            values.put("cursor", cursor);
          }
          return uri.build(values);
        })
        .header(HttpHeaders.AUTHORIZATION, bearer)
        .retrieve().body(new ParameterizedTypeReference<Page>() {
        }));
    model.addAttribute("page", page);
    return "orders";
  }

  @PostMapping("/orders/{id}/cancel")
  String cancel(@PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
    String bearer = shoppers.bearer(request);
    try {
      api.call(() -> api.client().post().uri("/api/orders/{id}/cancel", id)
          .header(HttpHeaders.AUTHORIZATION, bearer)
          .retrieve().toBodilessEntity());
      redirect.addFlashAttribute("notice", "The order is being cancelled; any payment is refunded.");
    }
    catch (ApiProblem refused) {
      if (refused.status() == 401) {
        throw refused;
      }
      redirect.addFlashAttribute("problem", refused.status() == 409
          ? "This order is cancelled already."
          : refused.readable());
    }
    return "redirect:/orders/" + id;
  }

  private Order fetch(UUID id, HttpServletRequest request) {
    String bearer = shoppers.bearer(request);
    return api.call(() -> api.client().get().uri("/api/orders/{id}", id)
        .header(HttpHeaders.AUTHORIZATION, bearer)
        .retrieve().body(Order.class));
  }

  /** Product names for the order's lines; a product deleted since shows as its id. */
  private Map<UUID, String> names(Order order) {
    Map<UUID, String> names = new LinkedHashMap<>();
    for (Order.Item item : order.items()) {
      try {
        names.put(item.productId(), catalog.product(item.productId()).name());
      }
      catch (ApiProblem gone) {
        names.put(item.productId(), item.productId().toString());
      }
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, UUID> placed(HttpSession session) {
    synchronized (session) {
      var placed = (Map<String, UUID>) session.getAttribute(PLACED_KEY);
      if (placed == null) {
        placed = new java.util.concurrent.ConcurrentHashMap<>();
        session.setAttribute(PLACED_KEY, placed);
      }
      return placed;
    }
  }
}
