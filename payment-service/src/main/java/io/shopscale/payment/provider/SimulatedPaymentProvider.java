package io.shopscale.payment.provider;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.shopscale.events.Money;

/**
 * An in-process stand-in for an external card processor, behaving like one where it matters: it takes time, fails
 * transiently now and then, hangs for some cards, and remembers every idempotency key, so a repeated call gets the
 * first answer and never moves money twice. Tokens: {@code tok_visa} is approved; with test cards on (a local and
 * demo setting), {@code tok_chargeDeclined} is declined and {@code tok_slow} never answers within any sensible time
 * limit (each call waits, interruptibly, until {@code slow-delay} after the key's first call; from then on the charge
 * is declined, as a provider that gave up on it would answer); anything else is declined as an invalid token.
 *
 * <p>Its memory lives as long as the JVM, like the rest of the simulation. Counters and fault switches are public
 * so tests and demonstrations can see and break it on purpose; {@link #behave} is the run-time switch the local
 * stack's chaos controls turn ({@link ProviderSwitchController}).
 */
public final class SimulatedPaymentProvider implements PaymentProvider {

  public static final String APPROVED_TOKEN = "tok_visa";
  public static final String DECLINED_TOKEN = "tok_chargeDeclined";
  public static final String SLOW_TOKEN = "tok_slow";

  private final SimulatedProviderSettings settings;
  private final Map<String, ChargeResult> chargesByKey = new ConcurrentHashMap<>();
  private final Map<String, Long> slowChargeEndsByKey = new ConcurrentHashMap<>();
  private final Map<String, String> refundsByKey = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> chargeCallsByKey = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> refundCallsByKey = new ConcurrentHashMap<>();
  private final AtomicInteger chargeCalls = new AtomicInteger();
  private final AtomicInteger chargesMade = new AtomicInteger();
  private final AtomicInteger refundsMade = new AtomicInteger();
  private final AtomicInteger failuresToInject = new AtomicInteger();
  private volatile CountDownLatch chargeGate = new CountDownLatch(0);
  private volatile Behaviour behaviour = Behaviour.NORMAL;
  private volatile Duration slowLatency = Duration.ofSeconds(3);

  /** How the whole provider behaves, as an outage of a real one would look from here. */
  public enum Behaviour {
    /** As configured. */
    NORMAL,
    /** Every call takes {@code slowLatency} on top: past the time limit, so calls time out and are retried. */
    SLOW,
    /** Every call fails with a transient error before anything happens. */
    FAILING
  }

  SimulatedPaymentProvider(SimulatedProviderSettings settings) {
    this.settings = settings;
  }

  @Override
  public ChargeResult charge(String idempotencyKey, Money amount, String paymentToken) {
    chargeCalls.incrementAndGet();
    chargeCallsByKey.computeIfAbsent(idempotencyKey, key -> new AtomicInteger()).incrementAndGet();
    await(chargeGate);
    pause(latency());
    if (settings.testCards() && SLOW_TOKEN.equals(paymentToken)) {
      long ends = slowChargeEndsByKey.computeIfAbsent(idempotencyKey,
          key -> System.nanoTime() + settings.slowDelay().toNanos());
      pause(Duration.ofNanos(Math.max(0, ends - System.nanoTime())));
      return chargesByKey.computeIfAbsent(idempotencyKey, key -> new ChargeResult.Declined("PROCESSOR_TIMEOUT"));
    }
    failIfInjected();
    // computeIfAbsent runs once per key even for concurrent twins: the first decision is the only one
    return chargesByKey.computeIfAbsent(idempotencyKey, key -> decide(paymentToken));
  }

  @Override
  public String refund(String idempotencyKey, String chargeReference, Money amount) {
    refundCallsByKey.computeIfAbsent(idempotencyKey, key -> new AtomicInteger()).incrementAndGet();
    pause(latency());
    failIfInjected();
    return refundsByKey.computeIfAbsent(idempotencyKey, key -> {
      refundsMade.incrementAndGet();
      return "re_" + UUID.randomUUID();
    });
  }

  /** Charge calls received, answered or not. */
  public int chargeCalls() {
    return chargeCalls.get();
  }

  public int chargeCalls(String idempotencyKey) {
    AtomicInteger calls = chargeCallsByKey.get(idempotencyKey);
    return calls == null ? 0 : calls.get();
  }

  /** Approved charges: how often money was actually taken. */
  public int chargesMade() {
    return chargesMade.get();
  }

  /** Whether money was taken under this key (at most once, whatever the number of calls). */
  public boolean charged(String idempotencyKey) {
    return chargesByKey.get(idempotencyKey) instanceof ChargeResult.Approved;
  }

  public int refundCalls(String idempotencyKey) {
    AtomicInteger calls = refundCallsByKey.get(idempotencyKey);
    return calls == null ? 0 : calls.get();
  }

  /** Refunds actually paid out. */
  public int refundsMade() {
    return refundsMade.get();
  }

  /** The next {@code calls} calls (charges or refunds) fail with a transient error before anything happens. */
  public void failNextCalls(int calls) {
    failuresToInject.set(calls);
  }

  /** Charge calls wait (interruptibly) from now on until {@link #releaseCharges()}. */
  public void holdCharges() {
    chargeGate = new CountDownLatch(1);
  }

  public void releaseCharges() {
    chargeGate.countDown();
  }

  /** From now on every call behaves so; {@code slow} is the extra latency of {@link Behaviour#SLOW}. */
  public void behave(Behaviour next, Duration slow) {
    slowLatency = slow;
    behaviour = next;
  }

  public Behaviour behaviour() {
    return behaviour;
  }

  private Duration latency() {
    return behaviour == Behaviour.SLOW ? settings.latency().plus(slowLatency) : settings.latency();
  }

  private ChargeResult decide(String paymentToken) {
    if (APPROVED_TOKEN.equals(paymentToken)) {
      chargesMade.incrementAndGet();
      return new ChargeResult.Approved("ch_" + UUID.randomUUID());
    }
    boolean declinedCard = settings.testCards() && DECLINED_TOKEN.equals(paymentToken);
    return new ChargeResult.Declined(declinedCard ? "CARD_DECLINED" : "INVALID_TOKEN");
  }

  private void failIfInjected() {
    boolean injected = failuresToInject.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    boolean failing = behaviour == Behaviour.FAILING;
    if (injected || failing || ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
      throw new ProviderUnavailableException("The provider failed transiently");
    }
  }

  // A caller that gives up interrupts the call; the simulated provider then stops, as a closed connection would.
  private static void pause(Duration duration) {
    try {
      TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new ProviderUnavailableException("The call was abandoned by the caller");
    }
  }

  private static void await(CountDownLatch gate) {
    try {
      gate.await();
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new ProviderUnavailableException("The call was abandoned by the caller");
    }
  }
}
