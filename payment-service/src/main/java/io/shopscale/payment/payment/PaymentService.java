package io.shopscale.payment.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.events.Money;
import io.shopscale.platform.datasource.PrimaryReads;
import io.shopscale.platform.ids.Uuid7;
import io.shopscale.platform.web.CorrelationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional steps of a payment. Saga inputs run inside the consuming transaction (the one that also marks
 * the event processed) and only decide; they return the provider call to make, which the caller hands over after
 * the commit. Provider answers are recorded later, each in a short transaction of its own together with its outbox
 * event. No method here ever calls the provider.
 */
@Service
public class PaymentService {

  private static final Logger log = LoggerFactory.getLogger(PaymentService.class);

  private final PaymentRepository payments;
  private final TransactionTemplate writes;
  private final PrimaryReads primaryReads;
  private final Clock clock;
  private final Map<String, Counter> outcomes;

  PaymentService(PaymentRepository payments, PlatformTransactionManager transactions, PrimaryReads primaryReads,
      Clock clock, MeterRegistry meters) {
    this.payments = payments;
    this.writes = new TransactionTemplate(transactions);
    this.primaryReads = primaryReads;
    this.clock = clock;
    // registered up front, so dashboards and alerts see a 0 rather than no series
    this.outcomes = Stream.of("authorized", "declined", "failed", "refunded").collect(Collectors.toUnmodifiableMap(
        Function.identity(), outcome -> Counter.builder("shopscale.payments").tag("outcome", outcome)
            .description("payments decided, by outcome").register(meters)));
  }

  // ---- saga inputs, in the consuming transaction ----

  /** @return the charge to make once this transaction has committed, if StockReserved was already in */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<PendingCharge> orderPlaced(UUID orderId, UUID userId, Money total, String paymentToken) {
    Payment payment = lockOrCreate(orderId);
    boolean charge = payment.orderPlaced(userId, total, paymentToken, CorrelationId.current(), clock.instant());
    payments.save(payment);
    return charge ? Optional.of((PendingCharge) payment.outstandingWork()) : Optional.empty();
  }

  /** @return the charge to make once this transaction has committed, if OrderPlaced was already in */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<PendingCharge> stockReserved(UUID orderId) {
    Payment payment = lockOrCreate(orderId);
    boolean charge = payment.stockReserved(CorrelationId.current(), clock.instant());
    payments.save(payment);
    return charge ? Optional.of((PendingCharge) payment.outstandingWork()) : Optional.empty();
  }

  /**
   * Cancelled before the charge started: never charged. During the charge: refunded once authorized. Authorized:
   * refunded now.
   *
   * @return the refund to make once this transaction has committed, if the payment was authorized
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<PendingRefund> orderCancelled(UUID orderId) {
    Payment payment = lockOrCreate(orderId);
    boolean refund = payment.cancel(CorrelationId.current(), clock.instant());
    payments.save(payment);
    return refund ? Optional.of((PendingRefund) payment.outstandingWork()) : Optional.empty();
  }

  // ---- provider answers, each in a short transaction of its own ----

  /** @return the refund to make now, if the order was cancelled while the charge was in flight */
  public Optional<PendingRefund> recordAuthorized(UUID paymentId, String chargeReference) {
    Optional<Optional<PendingRefund>> refund = record(paymentId, "authorized", Payment::awaitsCharge,
        payment -> payment.authorize(chargeReference, clock.instant())
            ? Optional.of((PendingRefund) payment.outstandingWork()) : Optional.empty());
    return refund.flatMap(Function.identity());
  }

  public void recordDeclined(UUID paymentId, String reason) {
    record(paymentId, "declined", Payment::awaitsCharge, payment -> {
      payment.decline(reason, clock.instant());
      return true;
    });
  }

  public void recordFailed(UUID paymentId, String reason) {
    record(paymentId, "failed", Payment::awaitsCharge, payment -> {
      payment.fail(reason, clock.instant());
      return true;
    });
  }

  public void recordRefunded(UUID paymentId, String refundReference) {
    record(paymentId, "refunded", Payment::awaitsRefund, payment -> {
      payment.refunded(refundReference, clock.instant());
      return true;
    });
  }

  /**
   * Takes over provider calls handed over more than {@code olderThan} ago and still unanswered (the worker died
   * with its JVM, or the hand-over was refused while the pool was full), marking them handed over now.
   */
  public List<ProviderWork> redriveOutstanding(Duration olderThan, int limit) {
    Instant now = clock.instant();
    List<ProviderWork> work = writes.execute(status -> payments.lockOutstandingSince(now.minus(olderThan), limit)
        .stream().map(payment -> payment.redrive(now)).toList());
    return work == null ? List.of() : work;
  }

  // ---- reads ----

  /** The decided payment of an order, for its owner or an administrator; empty for anyone else. */
  // The primary, not a replica: a customer who has just seen the order end must find its payment, though the
  // payment was written by an event a moment before and no read-your-writes mark covers it (one row by index).
  public Optional<PaymentView> findVisibleTo(UUID orderId, String caller, boolean admin) {
    return primaryReads.read(() -> payments.findByOrderId(orderId)
        .filter(payment -> admin || payment.isOwnedBy(caller)).flatMap(Payment::view));
  }

  private Payment lockOrCreate(UUID orderId) {
    payments.insertIfAbsent(Uuid7.next(), orderId, clock.instant());
    return payments.lockByOrderId(orderId)
        .orElseThrow(() -> new IllegalStateException("The payment of order " + orderId + " vanished"));
  }

  /**
   * Applies a provider answer if the payment still waits for one; an answer that comes second (a re-driven call
   * racing the first one, both answered alike by the provider thanks to the idempotency key) changes nothing.
   */
  private <T> Optional<T> record(UUID paymentId, String outcome, Predicate<Payment> waitsForIt,
      Function<Payment, T> change) {
    Optional<T> recorded = Objects.requireNonNull(writes.execute(status -> {
      Payment payment = payments.lockById(paymentId)
          .orElseThrow(() -> new IllegalStateException("No payment " + paymentId));
      if (!waitsForIt.test(payment)) {
        log.info("Payment {} is {} already; a second '{}' answer changes nothing", paymentId, payment.state(),
            outcome);
        return Optional.<T>empty();
      }
      T result = change.apply(payment);
      payments.save(payment);
      return Optional.of(result);
    }));
    recorded.ifPresent(committed -> outcomes.get(outcome).increment());
    return recorded;
  }
}
