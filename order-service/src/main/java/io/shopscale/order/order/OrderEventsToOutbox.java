package io.shopscale.order.order;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shopscale.events.OrderCancelled;
import io.shopscale.events.OrderConfirmed;
import io.shopscale.events.OrderPlaced;
import io.shopscale.platform.outbox.Outbox;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Maps the aggregate's internal events to the public contract, synchronously, inside the transaction that saved the
 * aggregate: the outbox row commits with the change or not at all. After the commit, counts how orders end.
 */
@Component
class OrderEventsToOutbox {

  private final Outbox outbox;
  private final MeterRegistry meters;
  private final Timer sagaDuration;

  OrderEventsToOutbox(Outbox outbox, MeterRegistry meters) {
    this.outbox = outbox;
    this.meters = meters;
    this.sagaDuration = Timer.builder("shopscale.order.saga.duration").publishPercentileHistogram()
        .description("from placement to CONFIRMED, or to CANCELLED by the saga").register(meters);
  }

  @EventListener
  void on(Order.Placed placed) {
    OrderView order = placed.order();
    outbox.append(new OrderPlaced(order.id(), order.userId(),
        order.items().stream().map(item -> new OrderPlaced.Line(item.productId(), item.quantity(), item.unitPrice()))
            .toList(),
        order.total(), order.paymentToken()));
  }

  @EventListener
  void on(Order.Confirmed confirmed) {
    outbox.append(new OrderConfirmed(confirmed.orderId()));
  }

  @EventListener
  void on(Order.Cancelled cancelled) {
    outbox.append(new OrderCancelled(cancelled.orderId(), cancelled.reason().name(), cancelled.stockWasReserved()));
  }

  @TransactionalEventListener
  void afterCommit(Order.Confirmed confirmed) {
    meters.counter("shopscale.orders.completed", "status", "CONFIRMED", "reason", "none").increment();
    sagaDuration.record(Duration.between(confirmed.placedAt(), confirmed.at()));
  }

  @TransactionalEventListener
  void afterCommit(Order.Cancelled cancelled) {
    meters.counter("shopscale.orders.completed", "status", "CANCELLED", "reason", cancelled.reason().name())
        .increment();
    if (cancelled.reason() != FailureReason.CANCELLED_BY_CUSTOMER
        && cancelled.reason() != FailureReason.CANCELLED_BY_ADMIN) {
      sagaDuration.record(Duration.between(cancelled.placedAt(), cancelled.at()));
    }
  }
}
