package io.shopscale.order.order;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.shopscale.order.order.OrderProblems.InvalidRequest;
import io.shopscale.order.order.OrderRequests.PlaceOrderRequest;
import io.shopscale.platform.web.FieldProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/orders", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Orders", description = "Placing, reading and cancelling your orders. An order settles after the 202 "
    + "(stock, then payment, then confirmation): poll it until it is no longer PENDING, within 30 s.")
class OrderController {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final int MAX_KEY_LENGTH = 64;

  private final OrderService orders;

  OrderController(OrderService orders) {
    this.orders = orders;
  }

  /** The body is validated before the key is looked at: docs/api.md ranks an invalid body above a missing key. */
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "placeOrder", summary = "Place an order", description = "Prices the items at the catalog's current prices and answers "
      + "the order PENDING; it then ends CONFIRMED or CANCELLED (`failureReason`). `paymentToken` is `tok_visa` "
      + "(default), `tok_chargeDeclined` or `tok_slow`. Retry a call that timed out with the same `Idempotency-Key` "
      + "and body: the answer is the same order, never a second one.", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(name = "two mugs", value = """
          {"items": [{"productId": "0193a3c2-5f4e-7cc1-9a51-1d2a3b4c5d6e", "quantity": 2}],
           "paymentToken": "tok_visa"}"""))))
  @ApiResponse(responseCode = "202", description = "The order, PENDING (the same order for a replay)", headers = @Header(name = "Location", description = "The order's path"))
  @ApiResponse(responseCode = "400", description = "Invalid body, unknown product or missing `Idempotency-Key`")
  @ApiResponse(responseCode = "422", description = "The `Idempotency-Key` was used before with another body")
  @ApiResponse(responseCode = "503", description = "Inventory cannot price the order now; nothing was stored", headers = @Header(name = "Retry-After"))
  ResponseEntity<OrderView> place(@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String key,
      @Valid @RequestBody PlaceOrderRequest body, JwtAuthenticationToken token) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw new InvalidRequest(List.of(new FieldProblem(IDEMPOTENCY_KEY, "is required, 1-64 characters")));
    }
    OrderView order = orders.place(body.toCommand(Caller.of(token).userId(), key));
    return ResponseEntity.accepted().location(URI.create("/api/orders/" + order.id())).body(order);
  }

  @GetMapping("/{id}")
  @Operation(operationId = "getOrder", summary = "Read an order", description = "Its owner (right after the 202) or an administrator.")
  @ApiResponse(responseCode = "200", description = "The order")
  @ApiResponse(responseCode = "404", description = "No such order, or another user's")
  OrderView get(@PathVariable UUID id, JwtAuthenticationToken token) {
    return orders.find(id, Caller.of(token));
  }

  @GetMapping
  @Operation(operationId = "listOrders", summary = "List your orders", description = "The caller's own orders, newest first, a cursor page at a "
      + "time: pass `nextCursor` back as `cursor` until it is null.")
  @ApiResponse(responseCode = "200", description = "A page of orders")
  OrderPage list(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
      @RequestParam(required = false) @Nullable String cursor, JwtAuthenticationToken token) {
    return orders.list(Caller.of(token), OrderPage.decode(cursor), limit);
  }

  @PostMapping("/{id}/cancel")
  @Operation(operationId = "cancelOrder", summary = "Cancel an order", description = "By its owner (`CANCELLED_BY_CUSTOMER`) or an administrator "
      + "(`CANCELLED_BY_ADMIN`); any payment is refunded and the stock released.")
  @ApiResponse(responseCode = "202", description = "The order, CANCELLED")
  @ApiResponse(responseCode = "404", description = "No such order, or another user's")
  @ApiResponse(responseCode = "409", description = "The order is already CANCELLED")
  ResponseEntity<OrderView> cancel(@PathVariable UUID id, JwtAuthenticationToken token) {
    return ResponseEntity.accepted().body(orders.cancel(id, Caller.of(token)));
  }
}
