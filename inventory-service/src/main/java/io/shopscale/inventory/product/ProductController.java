package io.shopscale.inventory.product;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import io.shopscale.inventory.product.ProductProblems.ProductNotFound;
import io.shopscale.inventory.product.ProductRequests.CreateProduct;
import io.shopscale.inventory.product.ProductRequests.ReviseProduct;
import io.shopscale.inventory.product.ProductRequests.SetStock;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

@RestController
@RequestMapping(path = "/api/products", produces = MediaType.APPLICATION_JSON_VALUE)
class ProductController {

  // Shared caches may keep a product but must revalidate with the ETag, so a write is never served stale.
  private static final String CACHE_CONTROL = "public, no-cache";

  private final ProductService products;

  ProductController(ProductService products) {
    this.products = products;
  }

  @GetMapping
  ProductPage list(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(required = false) @Nullable @Size(max = 100) String q) {
    return products.page(q, Cursor.decode(cursor), limit);
  }

  /**
   * {@code Cache-Control: no-cache} on the request asks for the primary's answer past the service's cache (HTTP's
   * meaning: no stored response without validating it at the origin); order-service prices orders this way.
   */
  @GetMapping("/{id}")
  ResponseEntity<ProductView> get(@PathVariable UUID id,
      @RequestHeader(name = HttpHeaders.CACHE_CONTROL, required = false) @Nullable String cacheControl,
      WebRequest request) {
    boolean fresh = cacheControl != null && cacheControl.toLowerCase(Locale.ROOT).contains("no-cache");
    ProductView product = (fresh ? products.findCurrent(id) : products.find(id))
        .orElseThrow(() -> new ProductNotFound(id));
    if (request.checkNotModified(product.etag())) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(product.etag())
          .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }
    return ok(product);
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ProductView> create(@Valid @RequestBody CreateProduct body) {
    ProductView created = products.create(body.draft(), body.availableQuantity());
    return ResponseEntity.created(URI.create("/api/products/" + created.id())).eTag(created.etag()).body(created);
  }

  @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ProductView> revise(@PathVariable UUID id, @Valid @RequestBody ReviseProduct body,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
    return ok(products.revise(id, body.draft(), ifMatch));
  }

  @PutMapping(path = "/{id}/stock", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ProductView> restock(@PathVariable UUID id, @Valid @RequestBody SetStock body) {
    return ok(products.restock(id, body.availableQuantity()));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable UUID id) {
    products.delete(id);
    return ResponseEntity.noContent().build();
  }

  private static ResponseEntity<ProductView> ok(ProductView product) {
    return ResponseEntity.ok().eTag(product.etag()).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).body(product);
  }
}
