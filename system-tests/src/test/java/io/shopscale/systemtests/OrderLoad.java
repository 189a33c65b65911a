package io.shopscale.systemtests;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import io.shopscale.systemtests.Customer.Line;
import io.shopscale.systemtests.Gateway.Response;
import org.jspecify.annotations.Nullable;

/**
 * Many customers placing many orders at once, the way real clients do: each order under its own Idempotency-Key,
 * retried under the same key only after a 429 or a 503 (waiting its {@code Retry-After}); any other answer than 202
 * is a failure the test reports.
 */
final class OrderLoad {

  /** Orders per customer: inside a FREE customer's burst (40) with room for the status polls. */
  private static final int ORDERS_PER_CUSTOMER = 20;
  static final String APPROVED = "tok_visa";
  static final String DECLINED = "tok_chargeDeclined";

  private OrderLoad() {
  }

  /** One order to place: who, what, how it pays. */
  record Spec(Customer customer, List<Line> lines, String paymentToken) {

    Map<UUID, Integer> quantities() {
      Map<UUID, Integer> quantities = new LinkedHashMap<>();
      lines.forEach(line -> quantities.merge(line.productId(), line.quantity(), Integer::sum));
      return quantities;
    }
  }

  /** An order the system accepted (202), with what was asked for. */
  record Placed(UUID orderId, Spec spec) {
  }

  /** What a run placed, and what it could not. */
  record Result(List<Placed> placed, List<String> failures, Duration took) {
  }

  /** Registers customers in parallel (registration and login are deliberately slow: Argon2id). */
  static List<Customer> customers(Gateway gateway, String label, int count) {
    return inParallel(Math.min(count, 4), count, i -> Customer.register(gateway, label + "-" + i));
  }

  /** Enough customers that none places more than {@link #ORDERS_PER_CUSTOMER} of {@code orders} (at least one). */
  static List<Customer> customersFor(Gateway gateway, String label, int orders) {
    return customers(gateway, label, Math.max(1, (orders + ORDERS_PER_CUSTOMER - 1) / ORDERS_PER_CUSTOMER));
  }

  /**
   * {@code orders} orders over the given products, reproducibly random (seeded): one or two distinct products a
   * line, 1-3 of each, {@code declinedShare} of them paid with a card the provider declines.
   */
  static List<Spec> randomOrders(long seed, int orders, List<Customer> customers, List<UUID> products,
      double declinedShare) {
    Random random = new Random(seed);
    List<Spec> specs = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      List<UUID> shuffled = new ArrayList<>(products);
      Collections.shuffle(shuffled, random);
      int lineCount = products.size() > 1 && random.nextBoolean() ? 2 : 1;
      List<Line> lines = new ArrayList<>();
      for (int l = 0; l < lineCount; l++) {
        lines.add(new Line(shuffled.get(l), 1 + random.nextInt(3)));
      }
      specs.add(new Spec(customers.get(i % customers.size()), lines,
          random.nextDouble() < declinedShare ? DECLINED : APPROVED));
    }
    return specs;
  }

  /**
   * Stocks each product with {@code share} of what the approved orders among {@code specs} ask of it (at least 1),
   * so that some orders must run out of stock; returns the initial stock per product.
   */
  static Map<UUID, Integer> stockShareOfDemand(Admin admin, List<UUID> products, List<Spec> specs, double share) {
    Map<UUID, Integer> demand = new LinkedHashMap<>();
    products.forEach(product -> demand.put(product, 0));
    specs.stream().filter(spec -> APPROVED.equals(spec.paymentToken())).forEach(spec -> spec.quantities()
        .forEach((product, quantity) -> demand.merge(product, quantity, Integer::sum)));
    Map<UUID, Integer> stock = new LinkedHashMap<>();
    demand.forEach((product, asked) -> {
      int quantity = Math.max(1, (int) (asked * share));
      admin.setStock(product, quantity);
      stock.put(product, quantity);
    });
    return stock;
  }

  /**
   * Places every order from {@code threads} client threads; with a positive {@code spreadOver} the placements start
   * evenly spaced over that time (steady traffic) instead of all at once.
   */
  static Result place(List<Spec> specs, int threads, Duration spreadOver) {
    long started = System.nanoTime();
    long spacing = specs.isEmpty() ? 0 : spreadOver.toNanos() / specs.size();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    List<@Nullable Placed> placed = inParallel(threads, specs.size(), i -> {
      long due = started + i * spacing;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      Spec spec = specs.get(i);
      String key = UUID.randomUUID().toString();
      Response response = placeUnderOneKey(spec, key);
      if (response.status() != 202) {
        failures.add(response.status() + " " + response.body());
        return null;
      }
      return new Placed(UUID.fromString(response.json().get("id").asString()), spec);
    });
    return new Result(placed.stream().filter(java.util.Objects::nonNull).map(java.util.Objects::requireNonNull)
        .toList(), List.copyOf(failures), Duration.ofNanos(System.nanoTime() - started));
  }

  /** One placement of an open-loop run: the answer's status (0: no answer), the order if accepted, how long it took. */
  record Attempt(Spec spec, String key, int status, @Nullable UUID orderId, Duration took, String body) {

    /** The local stack's route time limit: the gateway answers 503 when order-service has not answered by then. */
    private static final Duration GATEWAY_TIME_LIMIT = Duration.ofSeconds(5);

    boolean accepted() {
      return status == 202;
    }

    /**
     * No answer, or the gateway's time-out: order-service may have placed the order all the same. A real client
     * sends it again under the same key to learn which (docs/api.md, "Idempotency-Key").
     */
    boolean outcomeUnknown() {
      return status == 0 || (status == 503 && !refusedByAdmission() && took.compareTo(GATEWAY_TIME_LIMIT) >= 0);
    }

    /** A 503 of order-service's admission control (the gateway's bulkhead and breaker say otherwise). */
    boolean refusedByAdmission() {
      return status == 503 && body.contains("faster than they can be settled");
    }
  }

  /**
   * Open loop: each placement starts at its own time, evenly spaced over {@code spreadOver}, on its own virtual
   * thread, whatever the earlier ones are waiting for, so a slow system faces the offered rate instead of slowing
   * the client down. Nothing is retried: a 429 or 503 is an answer, a request without an answer within the client's
   * timeout is status 0.
   */
  static List<Attempt> offer(List<Spec> specs, Duration spreadOver) {
    long started = System.nanoTime();
    long spacing = specs.isEmpty() ? 0 : spreadOver.toNanos() / specs.size();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Attempt>> attempts = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        long due = started + i * spacing;
        Spec spec = specs.get(i);
        attempts.add(clients.submit(() -> {
          LockSupport.parkNanos(due - System.nanoTime());
          String key = UUID.randomUUID().toString();
          long sent = System.nanoTime();
          try {
            Response response = spec.customer().tryToPlace(key, spec.paymentToken(), spec.lines());
            UUID id = response.status() == 202 ? UUID.fromString(response.json().get("id").asString()) : null;
            return new Attempt(spec, key, response.status(), id, Duration.ofNanos(System.nanoTime() - sent),
                response.body());
          }
          catch (java.io.UncheckedIOException ex) {
            return new Attempt(spec, key, 0, null, Duration.ofNanos(System.nanoTime() - sent), "");
          }
        }));
      }
      List<Attempt> results = new ArrayList<>();
      for (Future<Attempt> attempt : attempts) {
        results.add(attempt.get());
      }
      return results;
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", ex);
    }
    catch (java.util.concurrent.ExecutionException ex) {
      throw new IllegalStateException(ex.getCause());
    }
  }

  /**
   * Placements answered by the gateway's time-out or not at all, sent again under their keys as a client would
   * ({@link Customer#placePatiently}, patient with 429 and 503): those order-service had placed answer their order,
   * the others are placed now, or answered with a refusal that says nothing was ordered (a 503 still after the
   * client's patience). Returns the placed ones, for the books; a step's figures count them as not accepted.
   */
  static List<Placed> settleUnknownOutcomes(List<Attempt> attempts) {
    List<Placed> placed = new ArrayList<>();
    for (Attempt attempt : attempts) {
      if (attempt.outcomeUnknown()) {
        Spec spec = attempt.spec();
        Response again = spec.customer().placePatiently(attempt.key(), spec.paymentToken(), spec.lines());
        if (again.status() == 202) {
          placed.add(new Placed(UUID.fromString(again.json().get("id").asString()), spec));
        }
        else if (again.status() != 503) {
          throw new AssertionError("A placement sent again under its key answered " + again.status() + ": "
              + again.body());
        }
        Figures.report("A placement answered %d after %d ms, sent again under its key: %d %s", attempt.status(),
            attempt.took().toMillis(), again.status(), again.status() == 202
                ? again.json().get("id").asString()
                : "(not placed)");
      }
    }
    return placed;
  }

  /** Accepted orders once settled: how many ended how (status, or failure reason), and each confirmed one's time. */
  record Settled(Map<String, Long> outcomes, List<Duration> toConfirmed) {
  }

  /**
   * Waits until none of the accepted orders is PENDING, then reads their rows: 202 → CONFIRMED is the time from the
   * row's {@code created_at} (set just before the 202) to its {@code updated_at} (set when it is confirmed).
   */
  static Settled awaitSettled(Databases databases, List<Attempt> accepted) {
    String[] ids = accepted.stream().map(attempt -> String.valueOf(attempt.orderId())).toArray(String[]::new);
    await("the orders settle").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .until(() -> databases.count("orders", "select count(*) from orders where id::text = any(?) "
            + "and status = 'PENDING'", (Object) ids) == 0);
    Map<String, Long> outcomes = new TreeMap<>();
    List<Duration> toConfirmed = new ArrayList<>();
    databases.query("orders", "select status, failure_reason, created_at, updated_at from orders "
        + "where id::text = any(?)", row -> {
          String reason = row.getString(2);
          outcomes.merge(reason == null ? row.getString(1) : reason, 1L, Long::sum);
          if ("CONFIRMED".equals(row.getString(1))) {
            toConfirmed.add(Duration.between(Databases.instant(row.getObject(3, OffsetDateTime.class)),
                Databases.instant(row.getObject(4, OffsetDateTime.class))));
          }
          return null;
        }, (Object) ids);
    return new Settled(outcomes, toConfirmed);
  }

  private static Response placeUnderOneKey(Spec spec, String key) {
    while (true) {
      Response response = spec.customer().tryToPlace(key, spec.paymentToken(), spec.lines());
      // 429: over the customer's rate limit; 503 with Retry-After: the saga is behind and admission refused the
      // order (nothing stored). Both are safe to repeat under the same key.
      if (response.status() != 429 && !(response.status() == 503 && response.header("Retry-After") != null)) {
        return response;
      }
      String retryAfter = response.header("Retry-After");
      LockSupport.parkNanos(Duration.ofSeconds(retryAfter == null ? 1 : Long.parseLong(retryAfter)).toNanos());
    }
  }

  /** Runs {@code task(0..count-1)} on a pool of {@code threads} and returns the results in index order. */
  static <T> List<T> inParallel(int threads, int count, Function<Integer, T> task) {
    AtomicInteger names = new AtomicInteger();
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "load-" + names.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), factory);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(10, TimeUnit.MINUTES));
      }
      return results;
    }
    catch (java.util.concurrent.ExecutionException ex) {
      if (ex.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (ex.getCause() instanceof Error error) {
        throw error; // an assertion failed on a client thread
      }
      throw new IllegalStateException(ex.getCause());
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", ex);
    }
    catch (java.util.concurrent.TimeoutException ex) {
      throw new IllegalStateException("A client task ran for over 10 minutes", ex);
    }
    finally {
      pool.shutdownNow();
    }
  }
}
