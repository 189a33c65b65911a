package io.shopscale.storefront.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.shopscale.storefront.account.Shopper;
import io.shopscale.storefront.account.Shoppers;
import io.shopscale.storefront.api.ApiProblem;
import io.shopscale.storefront.api.ShopApi;
import io.shopscale.storefront.catalog.Catalog;
import io.shopscale.storefront.catalog.Product;

/**
 * Product forms for admins. The API checks the ADMIN role on every write; the storefront refuses the pages to
 * anyone else only so that they never see forms that cannot work.
 */
@Controller
class AdminController {

  private final ShopApi api;
  private final Shoppers shoppers;
  private final Catalog catalog;

  AdminController(ShopApi api, Shoppers shoppers, Catalog catalog) {
    this.api = api;
    this.shoppers = shoppers;
    this.catalog = catalog;
  }

  /** What the product form edits; stock only when creating (later through its own form, as the API has it). */
  public record ProductForm(String sku, String name, String description, String price, int availableQuantity) {
  }

  @GetMapping("/admin")
  String home() {
    return "redirect:/";
  }

  @GetMapping("/admin/products/new")
  String newProduct(HttpServletRequest request, Model model) {
    requireAdmin(request);
    model.addAttribute("form", new ProductForm("", "", "", "", 0));
    return "admin-product";
  }

  @PostMapping("/admin/products")
  String create(ProductForm form, HttpServletRequest request, Model model, RedirectAttributes redirect) {
    String bearer = bearerOfAdmin(request);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sku", form.sku().strip());
    body.put("name", form.name().strip());
    body.put("description", form.description().strip());
    body.put("price", Map.of("amount", form.price().strip(), "currency", "USD"));
    body.put("availableQuantity", form.availableQuantity());
    try {
      Product created = api.call(() -> api.client().post().uri("/api/products")
          .header(HttpHeaders.AUTHORIZATION, bearer).contentType(MediaType.APPLICATION_JSON).body(body)
          .retrieve().body(Product.class));
      redirect.addFlashAttribute("notice", "Product created.");
      return "redirect:/products/" + created.id();
    }
    catch (ApiProblem refused) {
      return formAgain(refused, form, null, model);
    }
  }

  @GetMapping("/admin/products/{id}/edit")
  String edit(@PathVariable UUID id, HttpServletRequest request, Model model) {
    requireAdmin(request);
    Product product = catalog.product(id);
    model.addAttribute("id", id);
    model.addAttribute("form", new ProductForm(product.sku(), product.name(), product.description(),
        product.price().amount(), product.availableQuantity()));
    return "admin-product";
  }

  @PostMapping("/admin/products/{id}")
  String update(@PathVariable UUID id, ProductForm form, HttpServletRequest request, Model model,
      RedirectAttributes redirect) {
    String bearer = bearerOfAdmin(request);
    Product current = catalog.product(id);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sku", form.sku().strip());
    body.put("name", form.name().strip());
    body.put("description", form.description().strip());
    body.put("price", Map.of("amount", form.price().strip(), "currency", current.price().currency()));
    try {
      api.call(() -> api.client().put().uri("/api/products/{id}", id)
          .header(HttpHeaders.AUTHORIZATION, bearer).contentType(MediaType.APPLICATION_JSON).body(body)
          .retrieve().toBodilessEntity());
      if (form.availableQuantity() != current.availableQuantity()) {
        setStock(id, form.availableQuantity(), bearer);
      }
      redirect.addFlashAttribute("notice", "Product saved.");
      return "redirect:/products/" + id;
    }
    catch (ApiProblem refused) {
      return formAgain(refused, form, id, model);
    }
  }

  @PostMapping("/admin/products/{id}/stock")
  String stock(@PathVariable UUID id, @RequestParam int availableQuantity, HttpServletRequest request,
      RedirectAttributes redirect) {
    String bearer = bearerOfAdmin(request);
    try {
      setStock(id, availableQuantity, bearer);
      redirect.addFlashAttribute("notice", "Stock set to " + availableQuantity + ".");
    }
    catch (ApiProblem refused) {
      if (refused.status() == 401) {
        throw refused;
      }
      redirect.addFlashAttribute("problem", refused.readable());
    }
    return "redirect:/products/" + id;
  }

  private void setStock(UUID id, int quantity, String bearer) {
    api.call(() -> api.client().put().uri("/api/products/{id}/stock", id)
        .header(HttpHeaders.AUTHORIZATION, bearer).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("availableQuantity", quantity))
        .retrieve().toBodilessEntity());
  }

  private String formAgain(ApiProblem refused, ProductForm form, @Nullable UUID id, Model model) {
    if (refused.status() == 401) {
      throw refused;
    }
    model.addAttribute("form", form);
    model.addAttribute("id", id);
    model.addAttribute("problem", refused.status() == 409
        ? "A product with this SKU exists already."
        : refused.readable());
    return "admin-product";
  }

  private Shopper requireAdmin(HttpServletRequest request) {
    Shopper shopper = shoppers.require(request);
    if (!shopper.isAdmin()) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only the shop's administrators can change products.");
    }
    return shopper;
  }

  private String bearerOfAdmin(HttpServletRequest request) {
    requireAdmin(request);
    return shoppers.bearer(request);
  }
}
