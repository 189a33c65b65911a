package io.shopscale.payment.payment;

import java.util.UUID;

import io.shopscale.payment.payment.PaymentProblems.PaymentNotFound;
import io.shopscale.platform.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/payments", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Payments", description = "The outcome of an order's payment.")
class PaymentController {

  private final PaymentService payments;

  PaymentController(PaymentService payments) {
    this.payments = payments;
  }

  /** The order's owner and administrators; anyone else gets the same 404 as for an order without a payment. */
  @GetMapping
  @Operation(operationId = "getPayment", summary = "Read an order's payment", description = "For the order's owner and administrators. Status "
      + "`AUTHORIZED`, `DECLINED`, `FAILED` or `REFUNDED`.")
  @ApiResponse(responseCode = "200", description = "The payment")
  @ApiResponse(responseCode = "404", description = "No decided payment for that order yet (it ran out of stock, or is "
      + "still being charged), or not the caller's order")
  PaymentView byOrder(@RequestParam UUID orderId, Authentication caller) {
    return payments.findVisibleTo(orderId, caller.getName(), Roles.isAdmin(caller))
        .orElseThrow(() -> new PaymentNotFound(orderId));
  }
}
