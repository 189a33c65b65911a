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
class OrderController {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final int MAX_KEY_LENGTH = 64;

  private final OrderService orders;

  OrderController(OrderService orders) {
    this.orders = orders;
  }

  /** The body is validated before the key is looked at: docs/api.md ranks an invalid body above a missing key. */
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<OrderView> place(@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String key,
      @Valid @RequestBody PlaceOrderRequest body, JwtAuthenticationToken token) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw new InvalidRequest(List.of(new FieldProblem(IDEMPOTENCY_KEY, "is required, 1-64 characters")));
    }
    OrderView order = orders.place(body.toCommand(Caller.of(token).userId(), key));
    return ResponseEntity.accepted().location(URI.create("/api/orders/" + order.id())).body(order);
  }

  @GetMapping("/{id}")
  OrderView get(@PathVariable UUID id, JwtAuthenticationToken token) {
    return orders.find(id, Caller.of(token));
  }

  @GetMapping
  OrderPage list(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
      @RequestParam(required = false) @Nullable String cursor, JwtAuthenticationToken token) {
    return orders.list(Caller.of(token), OrderPage.decode(cursor), limit);
  }

  @PostMapping("/{id}/cancel")
  ResponseEntity<OrderView> cancel(@PathVariable UUID id, JwtAuthenticationToken token) {
    return ResponseEntity.accepted().body(orders.cancel(id, Caller.of(token)));
  }
}
