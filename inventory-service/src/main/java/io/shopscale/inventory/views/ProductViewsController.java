package io.shopscale.inventory.views;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Product views", description = "How often each product was read; counted in Redis, stored in batches.")
class ProductViewsController {

  private final ProductViews views;

  ProductViewsController(ProductViews views) {
    this.views = views;
  }

  @GetMapping(path = "/api/products/{id}/views", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "getProductViews", summary = "Read a product's view count", description = "Administrators "
      + "only. Reads of `GET /api/products/{id}` (not `Cache-Control: no-cache` ones) as stored so far: up to one "
      + "flush interval (10 s) behind; 0 for a product never read, or unknown.")
  @ApiResponse(responseCode = "200", description = "The stored count")
  ViewCount get(@PathVariable UUID id) {
    return new ViewCount(id, views.stored(id).orElse(0L));
  }

  /** @param views reads stored so far */
  record ViewCount(UUID productId, long views) {
  }
}
