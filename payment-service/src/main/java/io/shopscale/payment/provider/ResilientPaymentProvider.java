package io.shopscale.payment.provider;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shopscale.events.Money;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call to the {@link PaymentProvider} goes through here and ends with an answer or a reason why there is none,
 * within a bounded time: {@code Retry(CircuitBreaker(Bulkhead(TimeLimiter(call))))}, Resilience4j's documented order.
 * <ul>
 *   <li>the time limiter abandons a call after {@code timeout} and interrupts it (the call runs on a thread of its
 *       own so the caller can stop waiting for it);</li>
 *   <li>the bulkhead caps calls in flight to the provider; a call that finds no slot within {@code max-wait} is
 *       rejected;</li>
 *   <li>the circuit breaker opens when too many calls fail or time out, and then refuses calls at once
 *       ({@code PROVIDER_UNAVAILABLE}) instead of letting every payment wait for a dead provider. A customer's charge
 *       timeouts count once per {@code customer-timeout-window}: a slow provider slows many customers and opens it,
 *       one customer's slow cards (their own, or an attack) cannot open it for everyone;</li>
 *   <li>retry repeats transient errors, timeouts and rejections with exponential backoff and jitter, never a decline
 *       and never a refusal of the open breaker. Every attempt carries the same idempotency key, so a retry cannot
 *       charge twice.</li>
 * </ul>
 * Breaker, retry, bulkhead and time limiter publish Resilience4j's metrics ({@code resilience4j_circuitbreaker_state}
 * and others, name {@value #NAME}); each provider call is timed in {@code shopscale.payment.provider.calls}.
 */
public final class ResilientPaymentProvider implements AutoCloseable {

  public static final String NAME = "payment-provider";
  public static final String PROVIDER_TIMEOUT = "PROVIDER_TIMEOUT";
  public static final String PROVIDER_UNAVAILABLE = "PROVIDER_UNAVAILABLE";
  public static final String PROVIDER_ERROR = "PROVIDER_ERROR";

  private static final Logger log = LoggerFactory.getLogger(ResilientPaymentProvider.class);
  /** Beyond this many customers with a counted timeout, the expired ones are dropped (bounded memory). */
  private static final int MAX_REMEMBERED_CUSTOMERS = 10_000;

  private final PaymentProvider provider;
  private final MeterRegistry meters;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;
  private final TimeLimiter timeLimiter;
  private final ThreadPoolExecutor calls;
  private final long customerTimeoutWindowNanos;
  /** When each customer's counted timeout was (System.nanoTime()); pruned of entries older than the window. */
  private final Map<UUID, Long> countedTimeouts = new ConcurrentHashMap<>();

  ResilientPaymentProvider(PaymentProvider provider, ProviderResilienceSettings settings, MeterRegistry meters) {
    this.provider = provider;
    this.meters = meters;

    var retries = RetryRegistry.of(RetryConfig.custom()
        .maxAttempts(settings.retry().maxAttempts())
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.retry().initialBackoff(),
            settings.retry().multiplier(), settings.retry().jitter(), settings.retry().maxBackoff()))
        .retryOnException(ResilientPaymentProvider::isTransient)
        .build());
    var breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
        .slidingWindowSize(settings.circuitBreaker().slidingWindow())
        .minimumNumberOfCalls(settings.circuitBreaker().minimumCalls())
        .failureRateThreshold(settings.circuitBreaker().failureRate())
        .waitDurationInOpenState(settings.circuitBreaker().openFor())
        .permittedNumberOfCallsInHalfOpenState(settings.circuitBreaker().halfOpenCalls())
        // a full bulkhead is our own load, an interrupted wait our own shutdown: neither says the provider is down;
        // a customer's further timeouts in the window say something about their cards, not about the provider
        .ignoreException(failure -> failure instanceof BulkheadFullException
            || failure instanceof ProviderCallInterrupted
            || failure instanceof ProviderTimeoutException timeout && !timeout.countsForTheBreaker())
        .build());
    var bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
        .maxConcurrentCalls(settings.bulkhead().maxConcurrentCalls())
        .maxWaitDuration(settings.bulkhead().maxWait())
        .build());
    var timeLimiters = TimeLimiterRegistry.of(TimeLimiterConfig.custom()
        .timeoutDuration(settings.timeout())
        .cancelRunningFuture(true)
        .build());
    TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(timeLimiters).bindTo(meters);
    this.retry = retries.retry(NAME);
    this.breaker = breakers.circuitBreaker(NAME);
    this.bulkhead = bulkheads.bulkhead(NAME);
    this.timeLimiter = timeLimiters.timeLimiter(NAME);
    this.customerTimeoutWindowNanos = settings.circuitBreaker().customerTimeoutWindow().toNanos();

    // The bulkhead bounds the calls in flight; the slack covers abandoned calls that are slow to notice the interrupt.
    AtomicInteger threads = new AtomicInteger();
    this.calls = new ThreadPoolExecutor(0, 2 * settings.bulkhead().maxConcurrentCalls(), 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "payment-provider-call-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * @param customer whose card it is: their timeouts count toward the breaker once per window
   * @return the provider's answer, or {@link ChargeResult.Unanswered} with {@value #PROVIDER_TIMEOUT} (no answer in
   *     time on the last attempt), {@value #PROVIDER_UNAVAILABLE} (transient failures, open breaker, full bulkhead)
   *     or {@value #PROVIDER_ERROR} (an unexpected error, not retried), saying whether any attempt may have charged
   * @throws ProviderCallInterrupted when this thread is interrupted: the outcome is unknown, nothing may be recorded
   */
  public ChargeResult charge(String idempotencyKey, Money amount, String paymentToken, UUID customer) {
    Attempts attempts = new Attempts(customer);
    try {
      return guarded("charge", () -> provider.charge(idempotencyKey, amount, paymentToken),
          ResilientPaymentProvider::outcomeOf, attempts);
    }
    catch (ProviderCallInterrupted interrupted) {
      throw interrupted;
    }
    catch (RuntimeException failure) {
      return new ChargeResult.Unanswered(reasonFor(failure), attempts.mayHaveReachedTheProvider);
    }
  }

  /** Like {@link #charge}: the provider's refund id, or the reason there is none yet. */
  public RefundResult refund(String idempotencyKey, String chargeReference, Money amount) {
    try {
      return new RefundResult.Refunded(guarded("refund", () -> provider.refund(idempotencyKey, chargeReference,
          amount), reference -> "refunded", new Attempts(null)));
    }
    catch (ProviderCallInterrupted interrupted) {
      throw interrupted;
    }
    catch (RuntimeException failure) {
      return new RefundResult.Unanswered(reasonFor(failure));
    }
  }

  /** The breaker, for operations and tests (state, forcing it open). */
  public CircuitBreaker circuitBreaker() {
    return breaker;
  }

  @Override
  public void close() {
    calls.shutdownNow();
  }

  private <T> T guarded(String operation, Callable<T> call, Function<T, String> outcome, Attempts attempts) {
    return retry.executeSupplier(() -> breaker.executeSupplier(() -> bulkhead.executeSupplier(
        () -> timed(operation, call, outcome, attempts))));
  }

  /** One attempt, within the time limit, timed whatever its outcome. */
  private <T> T timed(String operation, Callable<T> call, Function<T, String> outcome, Attempts attempts) {
    Timer.Sample sample = Timer.start(meters);
    String result = "error";
    try {
      T answer = timeLimiter.executeFutureSupplier(() -> calls.submit(call));
      result = outcome.apply(answer);
      return answer;
    }
    catch (TimeoutException timeout) {
      result = "timeout";
      attempts.mayHaveReachedTheProvider = true;
      throw new ProviderTimeoutException(timeout, countsForTheBreaker(attempts.customer));
    }
    catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      result = "interrupted";
      throw new ProviderCallInterrupted(interrupted);
    }
    catch (RejectedExecutionException rejected) {
      result = "rejected";
      throw new ProviderUnavailableException("No thread left for a provider call");
    }
    catch (ProviderUnavailableException unavailable) {
      result = "unavailable";
      throw unavailable;
    }
    catch (RuntimeException unexpected) {
      attempts.mayHaveReachedTheProvider = true;
      throw unexpected;
    }
    catch (Exception checked) {
      // PaymentProvider declares no checked exceptions; the time limiter's signature merely allows them
      throw new IllegalStateException(checked);
    }
    finally {
      sample.stop(Timer.builder("shopscale.payment.provider.calls")
          .description("calls to the payment provider, one per attempt")
          .tag("operation", operation).tag("outcome", result)
          .publishPercentileHistogram()
          .register(meters));
    }
  }

  /** A customer's first timeout in the window counts; calls not attributable to a customer (refunds) always do. */
  private boolean countsForTheBreaker(@Nullable UUID customer) {
    if (customer == null) {
      return true;
    }
    long now = System.nanoTime();
    boolean[] counts = {false};
    countedTimeouts.compute(customer, (key, counted) -> {
      if (counted == null || now - counted >= customerTimeoutWindowNanos) {
        counts[0] = true;
        return now;
      }
      return counted;
    });
    if (counts[0] && countedTimeouts.size() > MAX_REMEMBERED_CUSTOMERS) {
      countedTimeouts.values().removeIf(counted -> now - counted >= customerTimeoutWindowNanos);
    }
    return counts[0];
  }

  private static String outcomeOf(ChargeResult result) {
    return result instanceof ChargeResult.Approved ? "approved" : "declined";
  }

  private static boolean isTransient(Throwable failure) {
    return failure instanceof ProviderUnavailableException || failure instanceof ProviderTimeoutException
        || failure instanceof BulkheadFullException;
  }

  private static String reasonFor(RuntimeException failure) {
    if (failure instanceof ProviderTimeoutException) {
      return PROVIDER_TIMEOUT;
    }
    if (isTransient(failure) || failure instanceof CallNotPermittedException) {
      return PROVIDER_UNAVAILABLE;
    }
    log.error("The payment provider failed unexpectedly", failure);
    return PROVIDER_ERROR;
  }

  /** What the attempts of one guarded call have in common: whose call it is, and whether one may have got through. */
  private static final class Attempts {

    private final @Nullable UUID customer;
    private volatile boolean mayHaveReachedTheProvider;

    Attempts(@Nullable UUID customer) {
      this.customer = customer;
    }
  }
}
