package io.shopscale.inventory.product;

import java.net.URI;
import java.util.List;
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
import io.shopscale.inventory.views.ProductViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Products", description = "The catalog and its stock: anyone reads, administrators write. "
    + "`availableQuantity` is what can still be ordered; `ETag` is the product's version.")
class ProductController {

  // Shared caches may keep a product but must revalidate with the ETag, so a write is never served stale.
  private static final String CACHE_CONTROL = "public, no-cache";

  private final ProductService products;
  private final ProductViews views;

  ProductController(ProductService products, ProductViews views) {
    this.products = products;
    this.views = views;
  }

  @GetMapping
  @Operation(operationId = "listProducts", summary = "List products", description = "By name (case-insensitive), then id, a cursor page at a "
      + "time; `q` keeps those whose name or sku contains it. Lists may lag a write by up to 5 s (replica).")
  @ApiResponse(responseCode = "200", description = "A page of products")
  ProductPage list(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(required = false) @Nullable @Size(max = 100) String q) {
    return products.page(q, Cursor.decode(cursor), limit);
  }

  /**
   * One read for all the lines of an order (order-service prices orders so): one request and one statement instead of
   * one of each per product. Always the primary's prices: an order must never be charged a stale one.
   */
  @GetMapping("/prices")
  @Operation(operationId = "getCurrentPrices", summary = "Read the current prices of up to 50 products", description = "The prices an order placed now is charged, read from the primary past the service's cache. "
      + "`ids` is comma-separated or repeated; unknown ids are left out of the answer.")
  @ApiResponse(responseCode = "200", description = "The prices of those of the products that exist")
  CurrentPrices prices(@RequestParam @Size(min = 1, max = 50) List<UUID> ids) {
    return products.currentPrices(ids);
  }

  /**
   * {@code Cache-Control: no-cache} on the request asks for the primary's answer past the service's cache (HTTP's
   * meaning: no stored response without validating it at the origin), and repairs a stale cached copy.
   */
  @GetMapping("/{id}")
  @Operation(operationId = "getProduct", summary = "Read a product", description = "Send the `ETag` you hold as `If-None-Match` to get a 304 "
      + "while it is unchanged. `Cache-Control: no-cache` reads past the service's cache.")
  @Parameter(in = ParameterIn.HEADER, name = HttpHeaders.IF_NONE_MATCH)
  @ApiResponse(responseCode = "200", description = "The product", headers = {@Header(name = HttpHeaders.ETAG),
      @Header(name = HttpHeaders.CACHE_CONTROL, description = "`public, no-cache`: a shared cache must revalidate with the ETag")})
  @ApiResponse(responseCode = "304", description = "Unchanged since the `If-None-Match` ETag; no body", headers = @Header(name = HttpHeaders.ETAG), content = @Content)
  @ApiResponse(responseCode = "404", description = "No such product")
  ResponseEntity<ProductView> get(@PathVariable UUID id,
      @Parameter(description = "`no-cache` reads the primary past the cache") @RequestHeader(name = HttpHeaders.CACHE_CONTROL, required = false) @Nullable String cacheControl,
      WebRequest request) {
    boolean fresh = cacheControl != null && cacheControl.toLowerCase(Locale.ROOT).contains("no-cache");
    ProductView product = (fresh ? products.findCurrent(id) : products.find(id))
        .orElseThrow(() -> new ProductNotFound(id));
    if (!fresh) {
      views.count(id); // a shopper's view, 304 included; a no-cache read is a client checking the price, not a view
    }
    if (request.checkNotModified(product.etag())) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(product.etag())
          .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }
    return ok(product);
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "createProduct", summary = "Add a product", description = "Administrators only. The price is in the deployment's "
      + "currency, 0.01 to 999999.99.", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(name = "a mug", value = """
          {"sku": "DOC-MUG-1", "name": "Docs mug", "description": "Holds coffee",
           "price": {"amount": "12.50", "currency": "USD"}, "availableQuantity": 5}"""))))
  @ApiResponse(responseCode = "201", description = "The new product", headers = {@Header(name = HttpHeaders.LOCATION),
      @Header(name = HttpHeaders.ETAG)})
  @ApiResponse(responseCode = "409", description = "The sku is taken")
  ResponseEntity<ProductView> create(@Valid @RequestBody CreateProduct body) {
    ProductView created = products.create(body.draft(), body.availableQuantity());
    return ResponseEntity.created(URI.create("/api/products/" + created.id())).eTag(created.etag()).body(created);
  }

  @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "replaceProduct", summary = "Replace a product", description = "Administrators only; all four fields, stock excluded. "
      + "With `If-Match` only if nobody changed the product since you read it (lost-update protection).")
  @ApiResponse(responseCode = "200", description = "The product", headers = @Header(name = HttpHeaders.ETAG))
  @ApiResponse(responseCode = "404", description = "No such product")
  @ApiResponse(responseCode = "409", description = "The sku is taken by another product")
  @ApiResponse(responseCode = "412", description = "`If-Match` names an old version; nothing changed")
  ResponseEntity<ProductView> revise(@PathVariable UUID id, @Valid @RequestBody ReviseProduct body,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
    return ok(products.revise(id, body.draft(), ifMatch));
  }

  @PutMapping(path = "/{id}/stock", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "setStock", summary = "Set a product's stock", description = "Administrators only; 0 to 1,000,000.")
  @ApiResponse(responseCode = "200", description = "The product", headers = @Header(name = HttpHeaders.ETAG))
  @ApiResponse(responseCode = "404", description = "No such product")
  ResponseEntity<ProductView> restock(@PathVariable UUID id, @Valid @RequestBody SetStock body) {
    return ok(products.restock(id, body.availableQuantity()));
  }

  @DeleteMapping("/{id}")
  @Operation(operationId = "deleteProduct", summary = "Delete a product", description = "Administrators only.")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ApiResponse(responseCode = "404", description = "No such product")
  ResponseEntity<Void> delete(@PathVariable UUID id) {
    products.delete(id);
    return ResponseEntity.noContent().build();
  }

  private static ResponseEntity<ProductView> ok(ProductView product) {
    return ResponseEntity.ok().eTag(product.etag()).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).body(product);
  }
}
