package io.shopscale.payment.charging;

import java.util.Optional;
import java.util.Set;

import io.shopscale.events.EventEnvelope;
import io.shopscale.events.IntegrationEvent;
import io.shopscale.events.OrderCancelled;
import io.shopscale.events.OrderPlaced;
import io.shopscale.events.StockReserved;
import io.shopscale.events.Topics;
import io.shopscale.payment.payment.PaymentService;
import io.shopscale.payment.payment.ProviderWork;
import io.shopscale.platform.outbox.InboundEvents;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The payment side of the order saga. OrderPlaced brings the owner, amount and token; StockReserved says the goods
 * are set aside. The two come on different topics with no order between them, so the charge starts with whichever
 * arrives second. OrderCancelled stops a charge that has not started, or refunds one that was authorized.
 *
 * <p>The listener only decides, in the consuming transaction; the provider call is handed to the {@link Charger}
 * after that transaction commits, so a rolled-back decision never reaches the provider and the listener thread never
 * waits for it.
 */
@Component
class PaymentSaga {

  static final String CONSUMER = "payment-saga";

  // the rest of these topics (OrderConfirmed, StockReservationFailed, ProductChanged) needs nothing here: an order
  // that is out of stock never gets StockReserved, so it is never charged
  private static final Set<Class<? extends IntegrationEvent>> HANDLES = Set.of(OrderPlaced.class, StockReserved.class,
      OrderCancelled.class);

  private final InboundEvents inbound;
  private final PaymentService payments;
  private final Charger charger;

  PaymentSaga(InboundEvents inbound, PaymentService payments, Charger charger) {
    this.inbound = inbound;
    this.payments = payments;
    this.charger = charger;
  }

  @KafkaListener(topics = {Topics.ORDERS, Topics.INVENTORY})
  void on(String record) {
    inbound.apply(CONSUMER, HANDLES, record, this::handle);
  }

  private void handle(IntegrationEvent event, EventEnvelope envelope) {
    Optional<? extends ProviderWork> work = Optional.empty();
    if (event instanceof OrderPlaced placed) {
      work = payments.orderPlaced(placed.orderId(), placed.userId(), placed.total(), placed.paymentToken());
    }
    else if (event instanceof StockReserved reserved) {
      work = payments.stockReserved(reserved.orderId());
    }
    else if (event instanceof OrderCancelled cancelled) {
      work = payments.orderCancelled(cancelled.orderId());
    }
    work.ifPresent(this::handOverAfterCommit);
  }

  private void handOverAfterCommit(ProviderWork work) {
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        charger.submit(work);
      }
    });
  }
}
