package io.shopscale.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.shopscale.events.Money;
import org.junit.jupiter.api.Test;

class OrderTest {

  private static final Money TOTAL = Money.of("8.49", "USD");

  private final Instant now = Instant.parse("2026-11-23T10:00:00Z");

  private Order newOrder() {
    return Order.place(UUID.randomUUID(), UUID.randomUUID(),
        List.of(new OrderLine(UUID.randomUUID(), 3, new BigDecimal("2.50")),
            new OrderLine(UUID.randomUUID(), 1, new BigDecimal("0.99"))),
        "USD", "tok_visa", now);
  }

  @Test
  void aNewOrderIsPendingWithItsTotalAndAnnouncesItself() {
    Order order = newOrder();
    assertThat(order.view().status()).isEqualTo(OrderStatus.PENDING);
    assertThat(order.view().total()).isEqualTo(Money.of("8.49", "USD"));
    assertThat(order.pendingEvents()).singleElement().isInstanceOf(Order.Placed.class);
  }

  @Test
  void aPendingOrderCanBeConfirmedOrCancelledAndAConfirmedOneCancelled() {
    Order confirmed = newOrder();
    confirmed.confirmPaid(TOTAL, now);
    confirmed.cancel(FailureReason.CANCELLED_BY_CUSTOMER, now);
    assertThat(confirmed.view().status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(confirmed.view().failureReason()).isEqualTo(FailureReason.CANCELLED_BY_CUSTOMER);
  }

  @Test
  void illegalTransitionsAreRejectedAndChangeNothing() {
    Order cancelled = newOrder();
    cancelled.cancel(FailureReason.OUT_OF_STOCK, now);
    assertThatThrownBy(() -> cancelled.confirmPaid(TOTAL, now)).isInstanceOf(OrderProblems.IllegalTransition.class);
    assertThatThrownBy(() -> cancelled.cancel(FailureReason.CANCELLED_BY_ADMIN, now))
        .isInstanceOf(OrderProblems.IllegalTransition.class);
    assertThat(cancelled.view().failureReason()).isEqualTo(FailureReason.OUT_OF_STOCK);
    Order confirmed = newOrder();
    confirmed.confirmPaid(TOTAL, now);
    assertThatThrownBy(() -> confirmed.confirmPaid(TOTAL, now)).isInstanceOf(OrderProblems.IllegalTransition.class);
  }

  @Test
  void anAuthorizationForAnotherAmountOrCurrencyDoesNotConfirmTheOrder() {
    Order order = newOrder();
    assertThatThrownBy(() -> order.confirmPaid(Money.of("0.01", "USD"), now))
        .isInstanceOf(PaymentMismatchException.class).hasMessageContaining("costs 8.49 USD");
    assertThatThrownBy(() -> order.confirmPaid(Money.of("8.49", "EUR"), now))
        .isInstanceOf(PaymentMismatchException.class);
    assertThat(order.view().status()).isEqualTo(OrderStatus.PENDING);
    assertThat(order.pendingEvents()).singleElement().isInstanceOf(Order.Placed.class);
  }

  @Test
  void aCancellationSaysWhetherStockWasReserved() {
    Order order = newOrder();
    order.stockReserved(now);
    order.cancel(FailureReason.PAYMENT_DECLINED, now);
    assertThat(order.pendingEvents()).last().isEqualTo(
        new Order.Cancelled(order.id(), FailureReason.PAYMENT_DECLINED, true, now, now));
  }

  @Test
  void theRequestHashIgnoresTheDefaultTokenSpellingButNotQuantities() {
    UUID user = UUID.randomUUID();
    UUID product = UUID.randomUUID();
    PlaceOrder one = new PlaceOrder(user, "k", List.of(new PlaceOrder.Line(product, 1)), "tok_visa");
    assertThat(one.requestHash()).isEqualTo(
        new PlaceOrder(user, "k", List.of(new PlaceOrder.Line(product, 1)), "tok_visa").requestHash());
    assertThat(one.requestHash()).isNotEqualTo(
        new PlaceOrder(user, "k", List.of(new PlaceOrder.Line(product, 2)), "tok_visa").requestHash());
  }
}
