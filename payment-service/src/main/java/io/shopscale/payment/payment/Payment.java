package io.shopscale.payment.payment;

import static io.shopscale.payment.payment.PaymentState.AUTHORIZED;
import static io.shopscale.payment.payment.PaymentState.AWAITING_ORDER;
import static io.shopscale.payment.payment.PaymentState.AWAITING_STOCK;
import static io.shopscale.payment.payment.PaymentState.CANCELLED;
import static io.shopscale.payment.payment.PaymentState.CHARGE_UNKNOWN;
import static io.shopscale.payment.payment.PaymentState.CHARGING;
import static io.shopscale.payment.payment.PaymentState.DECLINED;
import static io.shopscale.payment.payment.PaymentState.FAILED;
import static io.shopscale.payment.payment.PaymentState.NEW;
import static io.shopscale.payment.payment.PaymentState.REFUNDED;
import static io.shopscale.payment.payment.PaymentState.REFUNDING;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.shopscale.events.Money;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * The payment of one order. The saga's inputs (OrderPlaced, StockReserved, OrderCancelled) and the provider's
 * answers move it through {@link PaymentState}; every move is checked against the state machine and a decided move
 * registers an internal event that {@link PaymentEventsToOutbox} turns into the integration event, in the same
 * transaction.
 *
 * <p>Inputs may repeat or arrive late (at-least-once delivery, two topics without a common order): those are answered
 * with "nothing to do", never with an error. Only moves that no input sequence can produce are refused.
 */
@Entity
@Table(name = "payments")
class Payment extends AbstractAggregateRoot<Payment> {

  @Id
  private UUID id;
  @Column(name = "order_id")
  private UUID orderId;
  @Enumerated(EnumType.STRING)
  private PaymentState state;
  @Column(name = "user_id")
  private @Nullable UUID userId;
  private @Nullable BigDecimal amount;
  private @Nullable String currency;
  @Column(name = "payment_token")
  private @Nullable String paymentToken;
  @Column(name = "cancel_requested")
  private boolean cancelRequested;
  @Column(name = "provider_reference")
  private @Nullable String providerReference;
  @Column(name = "refund_reference")
  private @Nullable String refundReference;
  @Column(name = "failure_reason")
  private @Nullable String failureReason;
  @Column(name = "attempted_at")
  private @Nullable Instant attemptedAt;
  @Column(name = "retry_at")
  private @Nullable Instant retryAt;
  @Column(name = "unanswered_attempts")
  private int unansweredAttempts;
  @Column(name = "correlation_id")
  private @Nullable String correlationId;
  @Version
  private long version;
  @Column(name = "created_at")
  private Instant createdAt;
  @Column(name = "updated_at")
  private Instant updatedAt;

  protected Payment() {
    // for JPA
  }

  /** A payment of which nothing is known yet; the service inserts these with SQL so that racing inputs meet. */
  Payment(UUID id, UUID orderId, Instant now) {
    this.id = id;
    this.orderId = orderId;
    this.state = NEW;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /**
   * The order's owner, amount and token are known.
   *
   * @return whether the charge starts now (StockReserved was already in)
   */
  boolean orderPlaced(UUID owner, Money total, String token, String correlation, Instant now) {
    if (userId != null || state == CANCELLED) {
      return false; // a repeated OrderPlaced, or the order is already cancelled
    }
    userId = owner;
    amount = total.amount();
    currency = total.currency();
    paymentToken = token;
    if (state == AWAITING_ORDER) {
      startCharging(correlation, now);
      return true;
    }
    moveTo(AWAITING_STOCK, now);
    return false;
  }

  /** @return whether the charge starts now (OrderPlaced was already in) */
  boolean stockReserved(String correlation, Instant now) {
    switch (state) {
      case NEW -> {
        moveTo(AWAITING_ORDER, now);
        return false;
      }
      case AWAITING_STOCK -> {
        startCharging(correlation, now);
        return true;
      }
      default -> {
        return false; // a repeated StockReserved, or the order is already cancelled or charged
      }
    }
  }

  /**
   * The order is cancelled: before the charge started nothing will ever be charged; during the charge the refund
   * follows its authorization; after an authorization the refund starts now.
   *
   * @return whether a refund starts now
   */
  boolean cancel(String correlation, Instant now) {
    switch (state) {
      case NEW, AWAITING_STOCK, AWAITING_ORDER -> {
        paymentToken = null;
        moveTo(CANCELLED, now);
        return false;
      }
      case CHARGING -> {
        cancelRequested = true;
        correlationId = correlation;
        return false;
      }
      case AUTHORIZED -> {
        startRefund(correlation, now);
        return true;
      }
      default -> {
        return false; // declined, failed, refunded, being refunded or cancelled: nothing was or will stay charged
      }
    }
  }

  /** Whether an answer to the charge is still wanted: it is in flight, or it went unanswered and may have been made. */
  boolean awaitsCharge() {
    return state == CHARGING || state == CHARGE_UNKNOWN;
  }

  /** Whether an approval is still welcome: besides a charge awaited, one this instance recorded as failed. */
  boolean acceptsApproval() {
    return awaitsCharge() || state == FAILED;
  }

  boolean awaitsRefund() {
    return state == REFUNDING;
  }

  /**
   * The provider approved the charge. While the saga waits, that is the authorization; once the saga has been told the
   * payment failed (unknown or failed), the order is given up and the money goes back at once, told only by the
   * refund's event.
   *
   * @return whether a refund starts now: the order was cancelled while the charge was in flight, or was given up
   */
  boolean authorize(String reference, Instant now) {
    if (state == CHARGE_UNKNOWN || state == FAILED) {
      providerReference = reference;
      paymentToken = null;
      unansweredAttempts = 0;
      startRefund(correlationId(), now);
      return true;
    }
    moveTo(AUTHORIZED, now);
    providerReference = reference;
    paymentToken = null;
    attemptedAt = null;
    retryAt = null;
    registerEvent(new Authorized(id, orderId, amount()));
    if (cancelRequested) {
      startRefund(correlationId(), now);
      return true;
    }
    return false;
  }

  /** A decline of a charge that was unknown ends it FAILED: the saga was told so already, and nothing was charged. */
  void decline(String reason, Instant now) {
    if (state == CHARGE_UNKNOWN) {
      moveTo(FAILED, now);
      settle(failureReason != null ? failureReason : reason);
      return;
    }
    moveTo(DECLINED, now);
    settle(reason);
    registerEvent(new Declined(id, orderId, reason));
  }

  /**
   * The charge got no answer. If no attempt reached the provider (e.g. the breaker is open), nothing was charged:
   * FAILED. Otherwise the charge may have been made (an attempt timed out): the saga is told the payment failed, and
   * the provider is asked again by the charge's key after a growing wait, until it answers.
   *
   * @return whether the saga is told now
   */
  boolean chargeUnanswered(String reason, boolean mayHaveCharged, Instant now, RetrySettings retry) {
    if (state == CHARGE_UNKNOWN) {
      unanswered(now, retry);
      return false;
    }
    if (mayHaveCharged) {
      moveTo(CHARGE_UNKNOWN, now);
      failureReason = reason;
      unanswered(now, retry);
    }
    else {
      moveTo(FAILED, now);
      settle(reason);
    }
    registerEvent(new Failed(id, orderId, reason));
    return true;
  }

  /** The refund got no answer: it is still owed, and asked again after a growing wait. */
  void refundUnanswered(Instant now, RetrySettings retry) {
    unanswered(now, retry);
  }

  void refunded(String reference, Instant now) {
    moveTo(REFUNDED, now);
    refundReference = reference;
    attemptedAt = null;
    retryAt = null;
    unansweredAttempts = 0;
    registerEvent(new Refunded(id, orderId, amount()));
  }

  /**
   * Hands the outstanding provider call over to a worker: at once when it starts, and again when it is due. If no
   * answer is recorded within {@code grace} (the JVM died, the pool was full), it becomes due again.
   */
  ProviderWork handOver(Instant now, Duration grace) {
    ProviderWork work = outstandingWork();
    attemptedAt = now;
    retryAt = now.plus(grace);
    return work;
  }

  ProviderWork outstandingWork() {
    return switch (state) {
      case CHARGING, CHARGE_UNKNOWN -> new PendingCharge(id, orderId, required(userId, "owner"),
          PendingCharge.idempotencyKeyOf(id), amount(), required(paymentToken, "payment token"), correlationId());
      case REFUNDING -> new PendingRefund(id, orderId, PendingRefund.idempotencyKeyOf(id),
          required(providerReference, "charge reference"), amount(), correlationId());
      default -> throw new IllegalStateException("Payment " + id + " has no outstanding provider call in " + state);
    };
  }

  /** Present once decided: undecided and cancelled payments do not exist for clients. */
  Optional<PaymentView> view() {
    return state.visibleAs().map(status -> new PaymentView(id, orderId, status, amount(), updatedAt));
  }

  boolean isOwnedBy(String subject) {
    return userId != null && userId.toString().equals(subject);
  }

  UUID id() {
    return id;
  }

  PaymentState state() {
    return state;
  }

  int unansweredAttempts() {
    return unansweredAttempts;
  }

  @Nullable
  Instant retryAt() {
    return retryAt;
  }

  /** The internal events registered and not yet published (they go out on save). */
  List<Object> registeredEvents() {
    return List.copyOf(domainEvents());
  }

  // attempted_at and retry_at are set by the hand-over that follows in the same transaction
  private void startCharging(String correlation, Instant now) {
    moveTo(CHARGING, now);
    correlationId = correlation;
  }

  private void startRefund(String correlation, Instant now) {
    moveTo(REFUNDING, now);
    correlationId = correlation;
  }

  private void unanswered(Instant now, RetrySettings retry) {
    unansweredAttempts++;
    retryAt = now.plus(retry.backoffAfter(unansweredAttempts));
    updatedAt = now;
  }

  private void settle(String reason) {
    failureReason = reason;
    paymentToken = null;
    attemptedAt = null;
    retryAt = null;
    unansweredAttempts = 0;
  }

  private void moveTo(PaymentState target, Instant now) {
    if (!state.canMoveTo(target)) {
      throw new IllegalPaymentTransition(id, state, target);
    }
    state = target;
    updatedAt = now;
  }

  private Money amount() {
    return new Money(required(amount, "amount"), required(currency, "currency"));
  }

  private String correlationId() {
    return correlationId != null ? correlationId : id.toString();
  }

  private <T> T required(@Nullable T value, String what) {
    if (value == null) {
      throw new IllegalStateException("Payment " + id + " in " + state + " has no " + what);
    }
    return value;
  }

  // Internal events, not the Kafka contract: PaymentEventsToOutbox maps them.
  record Authorized(UUID paymentId, UUID orderId, Money amount) {
  }

  record Declined(UUID paymentId, UUID orderId, String reason) {
  }

  record Failed(UUID paymentId, UUID orderId, String reason) {
  }

  record Refunded(UUID paymentId, UUID orderId, Money amount) {
  }
}
