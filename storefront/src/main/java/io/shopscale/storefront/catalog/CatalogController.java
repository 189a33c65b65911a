package io.shopscale.storefront.catalog;

import java.util.HashMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.shopscale.storefront.api.ShopApi;

/** The shop's front page: the catalog, searchable, one cursor page at a time. */
@Controller
class CatalogController {

  static final int PAGE_SIZE = 12;

  private final ShopApi api;
  private final Catalog catalog;

  CatalogController(ShopApi api, Catalog catalog) {
    this.api = api;
    this.catalog = catalog;
  }

  @GetMapping("/products/{id}")
  String product(@PathVariable UUID id, Model model) {
    model.addAttribute("product", catalog.product(id));
    return "product";
  }

  @GetMapping("/")
  String catalog(@RequestParam(required = false) @Nullable String q,
      @RequestParam(required = false) @Nullable String cursor, Model model) {
    Page<Product> page = api.call(() -> api.client().get()
        .uri(uri -> {
          // values go in as template variables so that they are encoded, never read as templates themselves
          var values = new HashMap<String, Object>();
          uri.path("/api/products").queryParam("limit", PAGE_SIZE);
          if (q != null && !q.isBlank()) {
            uri.queryParam("q", "{q}");
            values.put("q", q.strip());
          }
          if (cursor != null && !cursor.isBlank()) {
            uri.queryParam("cursor", "{cursor}");
            values.put("cursor", cursor);
          }
          return uri.build(values);
        })
        .retrieve()
        .body(new ParameterizedTypeReference<Page<Product>>() {
        }));
    model.addAttribute("page", page);
    model.addAttribute("q", q == null ? "" : q.strip());
    return "catalog";
  }
}
