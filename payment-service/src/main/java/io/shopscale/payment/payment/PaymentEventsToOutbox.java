package io.shopscale.payment.payment;

import io.shopscale.events.PaymentAuthorized;
import io.shopscale.events.PaymentDeclined;
import io.shopscale.events.PaymentFailed;
import io.shopscale.events.PaymentRefunded;
import io.shopscale.platform.outbox.Outbox;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Maps the aggregate's internal events to integration events in the outbox. Synchronous on purpose: the outbox row
 * commits in the transaction that recorded the outcome, so an outcome is published exactly when it is stored.
 */
@Component
class PaymentEventsToOutbox {

  private final Outbox outbox;

  PaymentEventsToOutbox(Outbox outbox) {
    this.outbox = outbox;
  }

  @EventListener
  void on(Payment.Authorized authorized) {
    outbox.append(new PaymentAuthorized(authorized.paymentId(), authorized.orderId(), authorized.amount()));
  }

  @EventListener
  void on(Payment.Declined declined) {
    outbox.append(new PaymentDeclined(declined.paymentId(), declined.orderId(), declined.reason()));
  }

  @EventListener
  void on(Payment.Failed failed) {
    outbox.append(new PaymentFailed(failed.paymentId(), failed.orderId(), failed.reason()));
  }

  @EventListener
  void on(Payment.Refunded refunded) {
    outbox.append(new PaymentRefunded(refunded.paymentId(), refunded.orderId(), refunded.amount()));
  }
}
