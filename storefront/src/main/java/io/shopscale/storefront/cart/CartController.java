package io.shopscale.storefront.cart;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.shopscale.storefront.catalog.Catalog;
import io.shopscale.storefront.catalog.Product;

/** The cart page, adding and removing lines, and the checkout form. */
@Controller
class CartController {

  /** One way to pay: the simulated provider's token and what it does. */
  public record PaymentMethod(String token, String label) {
  }

  /** The simulated payment provider's tokens (docs/api.md): a shopper can try each outcome. */
  static final List<PaymentMethod> PAYMENT_METHODS = List.of(
      new PaymentMethod("tok_visa", "Test card that is approved"),
      new PaymentMethod("tok_chargeDeclined", "Test card that is declined"),
      new PaymentMethod("tok_slow", "Test card whose bank never answers (times out)"));

  private final Catalog catalog;

  CartController(Catalog catalog) {
    this.catalog = catalog;
  }

  @GetMapping("/cart")
  String cart(HttpServletRequest request, Model model) {
    Cart cart = Cart.of(request.getSession());
    model.addAttribute("cart", cart);
    // one key per checkout form: submitting this form twice (a double click, a retry) places one order
    model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
    model.addAttribute("paymentMethods", PAYMENT_METHODS);
    return "cart";
  }

  @PostMapping("/cart/items")
  String add(@RequestParam UUID productId, @RequestParam(defaultValue = "1") int quantity,
      HttpServletRequest request) {
    Product product = catalog.product(productId);
    Cart.of(request.getSession()).add(product.id(), product.name(), new BigDecimal(product.price().amount()),
        product.price().currency(), Math.clamp(quantity, 1, Cart.MAX_QUANTITY));
    return "redirect:/cart";
  }

  @PostMapping("/cart/items/{productId}/remove")
  String remove(@PathVariable UUID productId, HttpServletRequest request) {
    Cart.of(request.getSession()).remove(productId);
    return "redirect:/cart";
  }
}
