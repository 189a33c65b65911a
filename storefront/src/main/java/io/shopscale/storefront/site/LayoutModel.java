package io.shopscale.storefront.site;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.shopscale.storefront.account.Shopper;
import io.shopscale.storefront.account.Shoppers;
import io.shopscale.storefront.cart.Cart;

/** What the header of every page shows: who is logged in and how much is in the cart. Never creates a session. */
@ControllerAdvice
class LayoutModel {

  private final Shoppers shoppers;

  LayoutModel(Shoppers shoppers) {
    this.shoppers = shoppers;
  }

  @ModelAttribute("shopper")
  @Nullable
  Shopper shopper(HttpServletRequest request) {
    return shoppers.current(request.getSession(false)).orElse(null);
  }

  @ModelAttribute("cartCount")
  int cartCount(HttpServletRequest request) {
    Cart cart = Cart.peek(request.getSession(false));
    return cart == null ? 0 : cart.itemCount();
  }
}
