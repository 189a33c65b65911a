package io.shopscale.payment.payment;

import java.util.UUID;

import io.shopscale.payment.payment.PaymentProblems.PaymentNotFound;
import io.shopscale.platform.security.Roles;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/payments", produces = MediaType.APPLICATION_JSON_VALUE)
class PaymentController {

  private final PaymentService payments;

  PaymentController(PaymentService payments) {
    this.payments = payments;
  }

  /** The order's owner and administrators; anyone else gets the same 404 as for an order without a payment. */
  @GetMapping
  PaymentView byOrder(@RequestParam UUID orderId, Authentication caller) {
    return payments.findVisibleTo(orderId, caller.getName(), Roles.isAdmin(caller))
        .orElseThrow(() -> new PaymentNotFound(orderId));
  }
}
