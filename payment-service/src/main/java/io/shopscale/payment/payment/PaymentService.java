package io.shopscale.payment.payment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
  private final RetrySettings retry;
  private final Map<String, Counter> outcomes;
  private final AtomicLong unknownCharges = new AtomicLong();
  private final AtomicLong stuckRefunds = new AtomicLong();

  PaymentService(PaymentRepository payments, PlatformTransactionManager transactions, PrimaryReads primaryReads,
      Clock clock, RetrySettings retry, MeterRegistry meters) {
    this.payments = payments;
    this.writes = new TransactionTemplate(transactions);
    this.primaryReads = primaryReads;
    this.clock = clock;
    this.retry = retry;
    // registered up front, so dashboards and alerts see a 0 rather than no series
    this.outcomes = Stream.of("authorized", "declined", "failed", "refunded").collect(Collectors.toUnmodifiableMap(
        Function.identity(), outcome -> Counter.builder("shopscale.payments").tag("outcome", outcome)
            .description("payments decided, by outcome").register(meters)));
    // the same table for every instance: alerts take the max, not the sum
    Gauge.builder("shopscale.payment.charges.unknown", unknownCharges, AtomicLong::get)
        .description("charges that got no answer and may have been made; the provider is asked again until it says")
        .register(meters);
    Gauge.builder("shopscale.payment.refunds.stuck", stuckRefunds, AtomicLong::get)
        .description("refunds still owed after repeated unanswered calls to the provider").register(meters);
  }

  // ---- saga inputs, in the consuming transaction ----

  /** @return the charge to make once this transaction has committed, if StockReserved was already in */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<ProviderWork> orderPlaced(UUID orderId, UUID userId, Money total, String paymentToken) {
    return sagaInput(orderId, (payment, correlation, now) -> payment.orderPlaced(userId, total, paymentToken,
        correlation, now));
  }

  /** @return the charge to make once this transaction has committed, if OrderPlaced was already in */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<ProviderWork> stockReserved(UUID orderId) {
    return sagaInput(orderId, Payment::stockReserved);
  }

  /**
   * Cancelled before the charge started: never charged. During the charge: refunded once authorized. Authorized:
   * refunded now.
   *
   * @return the refund to make once this transaction has committed, if the payment was authorized
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<ProviderWork> orderCancelled(UUID orderId) {
    return sagaInput(orderId, Payment::cancel);
  }

  // ---- provider answers, each in a short transaction of its own ----

  /**
   * The charge was approved. While the saga waits, that is the authorization; if the saga has been told the payment
   * failed (the charge was unknown, or another instance recorded a failure), the approval is refunded.
   *
   * @return the refund to make now, if the order was cancelled while the charge was in flight or was given up
   */
  public Optional<PendingRefund> recordAuthorized(UUID paymentId, String chargeReference) {
    Instant now = clock.instant();
    Optional<Optional<PendingRefund>> refund = record(paymentId, "authorized", Payment::acceptsApproval, payment -> {
      boolean lateApproval = payment.state() != PaymentState.CHARGING;
      if (lateApproval) {
        log.warn("Payment {} was approved after the order was told it failed ({}); refunding it", paymentId,
            payment.state());
      }
      Optional<PendingRefund> refundNow = payment.authorize(chargeReference, now)
          ? Optional.of((PendingRefund) payment.handOver(now, retry.recoverAfter()))
          : Optional.empty();
      return new Recorded<>(!lateApproval, refundNow);
    });
    return refund.flatMap(Function.identity());
  }

  public void recordDeclined(UUID paymentId, String reason) {
    record(paymentId, "declined", Payment::awaitsCharge, payment -> {
      boolean told = payment.state() == PaymentState.CHARGING;
      payment.decline(reason, clock.instant());
      return new Recorded<>(told, true);
    });
  }

  /**
   * The charge got no answer: FAILED if no attempt reached the provider; otherwise the charge is unknown, the saga is
   * told it failed, and the provider is asked again with back-off until it answers.
   */
  public void recordUnanswered(UUID paymentId, String reason, boolean mayHaveCharged) {
    record(paymentId, "failed", Payment::awaitsCharge, payment -> new Recorded<>(
        payment.chargeUnanswered(reason, mayHaveCharged, clock.instant(), retry), true));
  }

  public void recordRefunded(UUID paymentId, String refundReference) {
    record(paymentId, "refunded", Payment::awaitsRefund, payment -> {
      payment.refunded(refundReference, clock.instant());
      return new Recorded<>(true, true);
    });
  }

  /** The refund got no answer: still owed, asked again after a wait that doubles with every unanswered call. */
  public void recordRefundUnanswered(UUID paymentId) {
    record(paymentId, "refund unanswered", Payment::awaitsRefund, payment -> {
      payment.refundUnanswered(clock.instant(), retry);
      return new Recorded<>(false, true);
    });
  }

  /**
   * Takes over provider calls that are due: handed over more than the grace ago and still unanswered (the worker died
   * with its JVM, the hand-over was refused while the pool was full), or unanswered and at the end of their back-off.
   */
  public List<ProviderWork> redriveOutstanding(int limit) {
    Instant now = clock.instant();
    List<ProviderWork> work = writes.execute(status -> payments.lockDue(now, limit)
        .stream().map(payment -> payment.handOver(now, retry.recoverAfter())).toList());
    return work == null ? List.of() : work;
  }

  /** Counts charges whose outcome is unknown and refunds stuck after repeated unanswered calls, for the gauges. */
  public void measureOutstanding() {
    PaymentRepository.Outstanding outstanding = payments.countOutstanding(retry.stuckAfter());
    unknownCharges.set(outstanding.getUnknownCharges());
    stuckRefunds.set(outstanding.getStuckRefunds());
  }

  // ---- reads ----

  /** The decided payment of an order, for its owner or an administrator; empty for anyone else. */
  // The primary, not a replica: a customer who has just seen the order end must find its payment, though the
  // payment was written by an event a moment before and no read-your-writes mark covers it (one row by index).
  public Optional<PaymentView> findVisibleTo(UUID orderId, String caller, boolean admin) {
    return primaryReads.read(() -> payments.findByOrderId(orderId)
        .filter(payment -> admin || payment.isOwnedBy(caller)).flatMap(Payment::view));
  }

  /** Applies a saga input to the order's payment (created if new) and hands over the provider call it starts. */
  private Optional<ProviderWork> sagaInput(UUID orderId, SagaInput input) {
    Instant now = clock.instant();
    payments.insertIfAbsent(Uuid7.next(), orderId, now);
    Payment payment = payments.lockByOrderId(orderId)
        .orElseThrow(() -> new IllegalStateException("The payment of order " + orderId + " vanished"));
    boolean starts = input.apply(payment, CorrelationId.current(), now);
    Optional<ProviderWork> work = starts ? Optional.of(payment.handOver(now, retry.recoverAfter())) : Optional.empty();
    payments.save(payment);
    return work;
  }

  /**
   * Applies a provider answer if the payment still waits for one; an answer that comes second (a re-driven call
   * racing the first one, both answered alike by the provider thanks to the idempotency key) changes nothing. The
   * outcome is counted once committed, if the saga heard of it.
   */
  private <T> Optional<T> record(UUID paymentId, String outcome, Predicate<Payment> waitsForIt,
      Function<Payment, Recorded<T>> change) {
    Optional<Recorded<T>> recorded = Objects.requireNonNull(writes.execute(status -> {
      Payment payment = payments.lockById(paymentId)
          .orElseThrow(() -> new IllegalStateException("No payment " + paymentId));
      if (!waitsForIt.test(payment)) {
        log.info("Payment {} is {} already; a second '{}' answer changes nothing", paymentId, payment.state(),
            outcome);
        return Optional.<Recorded<T>>empty();
      }
      Recorded<T> result = change.apply(payment);
      payments.save(payment);
      return Optional.of(result);
    }));
    recorded.filter(Recorded::toldTheSaga).ifPresent(committed -> outcomes.get(outcome).increment());
    return recorded.map(Recorded::result);
  }

  @FunctionalInterface
  private interface SagaInput {
    /** @return whether a provider call starts now */
    boolean apply(Payment payment, String correlation, Instant now);
  }

  /** What recording an answer produced, and whether it told the saga an outcome (and so counts as one). */
  private record Recorded<T>(boolean toldTheSaga, T result) {
  }
}
