package io.shopscale.order.saga;

import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.events.EventEnvelope;
import io.shopscale.events.IntegrationEvent;
import io.shopscale.events.PaymentAuthorized;
import io.shopscale.events.PaymentDeclined;
import io.shopscale.events.PaymentFailed;
import io.shopscale.events.StockReservationFailed;
import io.shopscale.events.StockReserved;
import io.shopscale.events.Topics;
import io.shopscale.order.order.FailureReason;
import io.shopscale.order.order.OrderService;
import io.shopscale.order.order.PaymentMismatchException;
import io.shopscale.platform.outbox.InboundEvents;
import io.shopscale.platform.outbox.PoisonEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The process manager of the order saga: reserve stock (inventory) → charge (payment) → confirm, or cancel with the
 * reason and let inventory and payment compensate (release the stock, refund the charge) on the OrderCancelled the
 * order emits. Each event is applied once, in one transaction with its processed-event mark.
 */
@Component
class OrderSaga {

  static final String CONSUMER = "order-saga";

  // the rest of these topics (ProductChanged, PaymentRefunded: the compensation of an order already cancelled) drives
  // nothing here
  private static final Set<Class<? extends IntegrationEvent>> HANDLES = Set.of(StockReserved.class,
      StockReservationFailed.class, PaymentAuthorized.class, PaymentDeclined.class, PaymentFailed.class);

  private static final Logger log = LoggerFactory.getLogger(OrderSaga.class);

  private final InboundEvents inbound;
  private final OrderService orders;
  private final Counter paymentMismatches;

  OrderSaga(InboundEvents inbound, OrderService orders, MeterRegistry meters) {
    this.inbound = inbound;
    this.orders = orders;
    this.paymentMismatches = Counter.builder("shopscale.order.payment.mismatches")
        .description("payment authorizations whose amount is not the order's total (dead-lettered)").register(meters);
  }

  @KafkaListener(topics = {Topics.INVENTORY, Topics.PAYMENTS})
  void on(String record) {
    inbound.apply(CONSUMER, HANDLES, record, this::step);
  }

  private void step(IntegrationEvent event, EventEnvelope envelope) {
    switch (event) {
      case StockReserved reserved -> orders.stockReserved(reserved.orderId());
      case StockReservationFailed failed -> orders.failedBecause(failed.orderId(), FailureReason.OUT_OF_STOCK);
      case PaymentAuthorized authorized -> paymentAuthorized(authorized, envelope);
      case PaymentDeclined declined -> orders.failedBecause(declined.orderId(), FailureReason.PAYMENT_DECLINED);
      // the provider did not answer in time, or could not be reached: the order timed out waiting for payment
      case PaymentFailed failed -> orders.failedBecause(failed.orderId(), FailureReason.PAYMENT_TIMEOUT);
      default -> throw new IllegalStateException(envelope.type() + " is not in " + HANDLES);
    }
  }

  // The order checks what it was paid, not only that it was paid: a mismatch (a bug upstream, or a record forged by
  // someone who can write to the topic) leaves the order PENDING, so the sweeper cancels it and payment-service
  // refunds whatever was really charged; the record goes to the dead-letter topic and ShopScalePaymentAmountMismatch
  // fires.
  private void paymentAuthorized(PaymentAuthorized authorized, EventEnvelope envelope) {
    try {
      orders.paymentAuthorized(authorized.orderId(), authorized.amount());
    }
    catch (PaymentMismatchException mismatch) {
      paymentMismatches.increment();
      log.error("Dead-lettering payment event {} from {}: {}", envelope.id(), envelope.source(),
          mismatch.getMessage());
      throw new PoisonEventException(mismatch.getMessage(), mismatch);
    }
  }
}
