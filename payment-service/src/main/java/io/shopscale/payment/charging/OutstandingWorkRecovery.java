package io.shopscale.payment.charging;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.payment.payment.PaymentService;
import io.shopscale.payment.payment.ProviderWork;
import io.shopscale.platform.jobs.BackgroundWork;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hands over again the charges and refunds that are due: handed over long ago and never answered (the JVM died between
 * the commit and the provider's answer, the charging pool was full, recording the answer failed), or unanswered by the
 * provider and at the end of their back-off (a refund still owed, a charge whose outcome is unknown). Safe to repeat:
 * the provider call carries the payment's idempotency key, so the provider answers as it did the first time and
 * moves no money twice; and recording an answer a second time changes nothing. Several instances share the work
 * ({@code FOR UPDATE SKIP LOCKED}).
 */
@Component
class OutstandingWorkRecovery implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutstandingWorkRecovery.class);

  private final PaymentService payments;
  private final BackgroundWork background;
  private final Charger charger;
  private final ChargingSettings settings;
  private final Counter redriven;
  private @Nullable ScheduledExecutorService timer;

  OutstandingWorkRecovery(PaymentService payments, BackgroundWork background, Charger charger,
      ChargingSettings settings, MeterRegistry meters) {
    this.payments = payments;
    this.background = background;
    this.charger = charger;
    this.settings = settings;
    this.redriven = Counter.builder("shopscale.payment.redriven")
        .description("charges and refunds handed over again by the recovery job").register(meters);
  }

  @Override
  public void start() {
    timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "payment-recovery");
      thread.setDaemon(true);
      return thread;
    });
    long every = settings.recoveryInterval().toMillis();
    timer.scheduleWithFixedDelay(this::recoverOnce, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public boolean isRunning() {
    return timer != null;
  }

  void recoverOnce() {
    try {
      // both bounded by the background statement timeout: a run stuck behind a lock fails and the next one retries
      background.run(payments::measureOutstanding);
      List<ProviderWork> outstanding = background
          .execute(status -> payments.redriveOutstanding(settings.recoveryBatch()));
      for (ProviderWork work : outstanding) {
        if (charger.submit(work)) {
          redriven.increment();
        }
      }
      if (!outstanding.isEmpty()) {
        log.info("Handed over {} outstanding provider calls again", outstanding.size());
      }
    }
    catch (RuntimeException failure) {
      // e.g. the database is down; the next run tries again, a dead scheduler would never
      log.warn("Recovery of outstanding payments failed; trying again in {}", settings.recoveryInterval(), failure);
    }
  }
}
