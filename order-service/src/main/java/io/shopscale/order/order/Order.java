package io.shopscale.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.shopscale.events.Money;
import io.shopscale.order.order.OrderProblems.IllegalTransition;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * The order aggregate. It changes only through its transitions, each guarded by {@link OrderStatus#canBecome},
 * and registers what happened as an internal event; {@link OrderEventsToOutbox} turns those into integration events
 * in the same transaction.
 */
@Entity
@Table(name = "orders")
class Order extends AbstractAggregateRoot<Order> {

  @Id
  private UUID id;

  @Column(name = "user_id", nullable = false, updatable = false)
  private UUID userId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private OrderStatus status;

  @Enumerated(EnumType.STRING)
  @Column(name = "failure_reason")
  private @Nullable FailureReason failureReason;

  @Column(name = "payment_token", nullable = false, updatable = false)
  private String paymentToken;

  @Column(name = "total_amount", nullable = false, updatable = false)
  private BigDecimal totalAmount;

  @Column(nullable = false, updatable = false)
  private String currency;

  @Column(name = "stock_reserved", nullable = false)
  private boolean stockReserved;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version
  private long version;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "order_lines", joinColumns = @JoinColumn(name = "order_id"))
  @OrderColumn(name = "line_no")
  private List<OrderLine> lines = new ArrayList<>();

  protected Order() {
    // for JPA
    this.id = new UUID(0, 0);
    this.userId = id;
    this.status = OrderStatus.PENDING;
    this.paymentToken = "";
    this.totalAmount = BigDecimal.ZERO;
    this.currency = "";
    this.createdAt = Instant.EPOCH;
    this.updatedAt = Instant.EPOCH;
  }

  private Order(UUID id, UUID userId, List<OrderLine> lines, Money total, String paymentToken, Instant now) {
    this.id = id;
    this.userId = userId;
    this.status = OrderStatus.PENDING;
    this.lines = new ArrayList<>(lines);
    this.totalAmount = total.amount();
    this.currency = total.currency();
    this.paymentToken = paymentToken;
    this.createdAt = now;
    this.updatedAt = now;
  }

  static Order place(UUID id, UUID userId, List<OrderLine> lines, String currency, String paymentToken,
      Instant now) {
    Money total = new Money(BigDecimal.ZERO, currency);
    for (OrderLine line : lines) {
      total = total.plus(new Money(line.unitAmount(), currency).times(line.quantity()));
    }
    Order order = new Order(id, userId, lines, total, paymentToken, now);
    order.registerEvent(new Placed(order.view()));
    return order;
  }

  /** Inventory set the stock aside; remembered so a cancellation says whether there is stock to give back. */
  void stockReserved(Instant now) {
    if (status == OrderStatus.PENDING && !stockReserved) {
      stockReserved = true;
      updatedAt = now;
    }
  }

  /**
   * Confirms the order once its payment is authorized, and only for what it costs: an authorization of any other
   * amount or currency (a bug upstream, or an event forged by someone who can write to the payments topic) never
   * confirms an order.
   */
  void confirmPaid(Money paid, Instant now) {
    Money total = new Money(totalAmount, currency);
    if (!total.equals(paid)) {
      throw new PaymentMismatchException(id, total, paid);
    }
    move(OrderStatus.CONFIRMED, now);
    registerEvent(new Confirmed(id, createdAt, now));
  }

  void cancel(FailureReason reason, Instant now) {
    move(OrderStatus.CANCELLED, now);
    failureReason = reason;
    registerEvent(new Cancelled(id, reason, stockReserved, createdAt, now));
  }

  private void move(OrderStatus next, Instant now) {
    if (!status.canBecome(next)) {
      throw new IllegalTransition(id, status, next);
    }
    status = next;
    updatedAt = now;
  }

  UUID id() {
    return id;
  }

  /** What the next save will publish. */
  List<Object> pendingEvents() {
    return List.copyOf(domainEvents());
  }

  UUID userId() {
    return userId;
  }

  OrderStatus status() {
    return status;
  }

  boolean isOwnedBy(UUID user) {
    return userId.equals(user);
  }

  OrderView view() {
    List<OrderView.Item> items = lines.stream()
        .map(line -> new OrderView.Item(line.productId(), line.quantity(), new Money(line.unitAmount(), currency)))
        .toList();
    return new OrderView(id, userId, status, items, new Money(totalAmount, currency), failureReason, paymentToken,
        createdAt, updatedAt);
  }

  /** Internal events: what the aggregate did, mapped to the public contract by {@link OrderEventsToOutbox}. */
  record Placed(OrderView order) {
  }

  record Confirmed(UUID orderId, Instant placedAt, Instant at) {
  }

  record Cancelled(UUID orderId, FailureReason reason, boolean stockWasReserved, Instant placedAt, Instant at) {
  }
}
