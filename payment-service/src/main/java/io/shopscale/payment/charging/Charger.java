package io.shopscale.payment.charging;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.payment.payment.PaymentService;
import io.shopscale.payment.payment.PendingCharge;
import io.shopscale.payment.payment.PendingRefund;
import io.shopscale.payment.payment.ProviderWork;
import io.shopscale.payment.provider.ChargeResult;
import io.shopscale.payment.provider.ProviderCallInterrupted;
import io.shopscale.payment.provider.RefundResult;
import io.shopscale.payment.provider.ResilientPaymentProvider;
import io.shopscale.platform.web.CorrelationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Makes the provider calls of payments on a bounded pool of its own: not on a Kafka listener thread (a slow provider
 * would stall the partition and trip the consumer's poll timeout) and not inside a database transaction (a
 * connection would be held for seconds). Each answer is recorded in a short transaction of its own, with its event.
 *
 * <p>A customer has at most {@code charges-per-customer} charges queued or running at once; their further charges wait
 * in a line of their own. So one customer's slow cards (their own, or an attack with many orders) occupy a few
 * workers, never all of them, and other customers' charges go on meanwhile.
 *
 * <p>Whatever is lost here (a full queue, a crash, a database error while recording) stays outstanding in the
 * database and is handed over again by {@link OutstandingWorkRecovery}.
 */
@Component
class Charger implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Charger.class);

  private final ResilientPaymentProvider provider;
  private final PaymentService payments;
  private final ThreadPoolExecutor workers;
  private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
  /** Per customer: charges handed to the pool and charges waiting for one of those to end. Guarded by itself. */
  private final Map<UUID, CustomerLine> lines = new HashMap<>();
  private final int chargesPerCustomer;
  private final int queueCapacity;
  private final Counter refused;

  Charger(ResilientPaymentProvider provider, PaymentService payments, ChargingSettings settings,
      MeterRegistry meters) {
    this.provider = provider;
    this.payments = payments;
    this.chargesPerCustomer = settings.chargesPerCustomer();
    this.queueCapacity = settings.queueCapacity();
    AtomicInteger threads = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(settings.queueCapacity()), runnable -> {
          Thread thread = new Thread(runnable, "payment-charger-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    this.refused = Counter.builder("shopscale.payment.handovers.refused")
        .description("provider calls not queued because the charging pool was full; re-driven later")
        .register(meters);
    meters.gauge("shopscale.payment.handovers.queued", workers, pool -> pool.getQueue().size());
  }

  /**
   * Queues the call unless it is queued or running here already.
   *
   * @return whether it was queued
   */
  boolean submit(ProviderWork work) {
    InFlight key = new InFlight(work.paymentId(), work instanceof PendingRefund);
    if (!inFlight.add(key)) {
      return false;
    }
    Turn turn = work instanceof PendingCharge charge ? takeTurn(charge) : Turn.NOW;
    return switch (turn) {
      case NOW -> execute(work, key);
      case WAITING -> true;
      case REFUSED -> {
        inFlight.remove(key);
        refused.increment();
        yield false;
      }
    };
  }

  /** Whether the charge goes to the pool now, waits in its customer's line, or finds that line full. */
  private Turn takeTurn(PendingCharge charge) {
    synchronized (lines) {
      CustomerLine line = lines.computeIfAbsent(charge.customerId(), customer -> new CustomerLine());
      if (line.handedToPool < chargesPerCustomer) {
        line.handedToPool++;
        return Turn.NOW;
      }
      if (line.waiting.size() >= queueCapacity) {
        return Turn.REFUSED; // left to the recovery job, like a full pool
      }
      line.waiting.add(charge);
      return Turn.WAITING;
    }
  }

  /** A charge of this customer has ended (or was refused): the next one in their line goes to the pool. */
  private void endTurn(UUID customer) {
    PendingCharge next;
    synchronized (lines) {
      CustomerLine line = lines.get(customer);
      if (line == null) {
        return;
      }
      next = line.waiting.poll();
      if (next == null && --line.handedToPool == 0) {
        lines.remove(customer);
      }
    }
    if (next != null) {
      execute(next, new InFlight(next.paymentId(), false));
    }
  }

  private boolean execute(ProviderWork work, InFlight key) {
    try {
      workers.execute(() -> run(work, key));
      return true;
    }
    catch (RejectedExecutionException full) {
      inFlight.remove(key);
      refused.increment();
      log.warn("Charging pool full; payment {} stays outstanding until the recovery job hands it over again",
          work.paymentId());
      if (work instanceof PendingCharge charge) {
        endTurn(charge.customerId());
      }
      return false;
    }
  }

  private void run(ProviderWork work, InFlight key) {
    MDC.put(CorrelationId.MDC_KEY, work.correlationId());
    try {
      if (work instanceof PendingCharge charge) {
        charge(charge);
      }
      else if (work instanceof PendingRefund refund) {
        refund(refund);
      }
    }
    catch (ProviderCallInterrupted interrupted) {
      log.info("Stopped waiting for the provider for payment {}; it stays outstanding", work.paymentId());
    }
    catch (RuntimeException failure) {
      // e.g. the database is down: the provider's answer is not lost, the idempotency key gets it back on re-drive
      log.error("Could not record the provider's answer for payment {}; the recovery job re-drives it",
          work.paymentId(), failure);
    }
    finally {
      inFlight.remove(key);
      MDC.remove(CorrelationId.MDC_KEY);
      if (work instanceof PendingCharge charge) {
        endTurn(charge.customerId());
      }
    }
  }

  private void charge(PendingCharge charge) {
    ChargeResult result = provider.charge(charge.idempotencyKey(), charge.amount(), charge.paymentToken(),
        charge.customerId());
    switch (result) {
      // cancelled while the charge was in flight, or approved after the saga was told it failed: the refund follows
      // at once, on this thread
      case ChargeResult.Approved approved ->
        payments.recordAuthorized(charge.paymentId(), approved.reference()).ifPresent(this::refund);
      case ChargeResult.Declined declined -> payments.recordDeclined(charge.paymentId(), declined.reason());
      case ChargeResult.Unanswered unanswered ->
        payments.recordUnanswered(charge.paymentId(), unanswered.reason(), unanswered.mayHaveCharged());
    }
  }

  private void refund(PendingRefund refund) {
    RefundResult result = provider.refund(refund.idempotencyKey(), refund.chargeReference(), refund.amount());
    if (result instanceof RefundResult.Refunded refunded) {
      payments.recordRefunded(refund.paymentId(), refunded.reference());
    }
    else if (result instanceof RefundResult.Unanswered unanswered) {
      // the money is still owed: the payment stays REFUNDING and the recovery job tries again after a growing wait
      log.warn("Refund of payment {} got no answer ({}); it will be tried again", refund.paymentId(),
          unanswered.reason());
      payments.recordRefundUnanswered(refund.paymentId());
    }
  }

  @Override
  public void destroy() throws InterruptedException {
    // interrupted calls are left outstanding, not failed: the next start re-drives them with the same keys
    workers.shutdownNow();
    workers.awaitTermination(5, TimeUnit.SECONDS);
  }

  private record InFlight(UUID paymentId, boolean refund) {
  }

  private enum Turn {
    NOW, WAITING, REFUSED
  }

  private static final class CustomerLine {

    private int handedToPool;
    private final Queue<PendingCharge> waiting = new ArrayDeque<>();
  }
}
