package io.shopscale.order.saga;

import io.shopscale.events.EventEnvelope;
import io.shopscale.events.IntegrationEvent;
import io.shopscale.events.OrderEvent;
import io.shopscale.events.PaymentAuthorized;
import io.shopscale.events.PaymentDeclined;
import io.shopscale.events.PaymentFailed;
import io.shopscale.events.StockReservationFailed;
import io.shopscale.events.StockReserved;
import io.shopscale.events.Topics;
import io.shopscale.order.order.FailureReason;
import io.shopscale.order.order.OrderService;
import io.shopscale.platform.outbox.InboundEvents;
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

  private final InboundEvents inbound;
  private final OrderService orders;

  OrderSaga(InboundEvents inbound, OrderService orders) {
    this.inbound = inbound;
    this.orders = orders;
  }

  @KafkaListener(topics = { Topics.INVENTORY, Topics.PAYMENTS })
  void on(String record) {
    inbound.apply(CONSUMER, record, this::step);
  }

  private void step(IntegrationEvent event, EventEnvelope envelope) {
    if (!(event instanceof OrderEvent orderEvent)) {
      return; // e.g. ProductChanged: not a step of this saga
    }
    var orderId = orderEvent.orderId();
    switch (envelope.type()) {
      case StockReserved.TYPE -> orders.stockReserved(orderId);
      case StockReservationFailed.TYPE -> orders.failedBecause(orderId, FailureReason.OUT_OF_STOCK);
      case PaymentAuthorized.TYPE -> orders.paymentAuthorized(orderId);
      case PaymentDeclined.TYPE -> orders.failedBecause(orderId, FailureReason.PAYMENT_DECLINED);
      // the provider did not answer in time, or could not be reached: the order timed out waiting for payment
      case PaymentFailed.TYPE -> orders.failedBecause(orderId, FailureReason.PAYMENT_TIMEOUT);
      default -> {
        // PaymentRefunded: the compensation of an already cancelled order; nothing left to drive
      }
    }
  }
}
