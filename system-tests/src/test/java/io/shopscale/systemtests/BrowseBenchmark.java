package io.shopscale.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import io.shopscale.systemtests.OrderLoad.Attempt;
import io.shopscale.systemtests.OrderLoad.Placed;
import io.shopscale.systemtests.OrderLoad.Spec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Browsing beside the order saga, through the gateway, everything on this machine: anonymous shoppers read the
 * catalogue at {@code bench.browse-rate} requests a second (four in five a product by id, one a page of the list),
 * first alone, then while orders are placed at each of {@code bench.order-rates}. Both loads are open loops (every
 * request on its own schedule, see {@link OrderLoad#offer}), so a slow system faces the offered rate.
 *
 * <p>Each step prints one line: per kind of read, answers by status, p50/p99/max; the orders' answers, goodput and
 * 202 → CONFIRMED p99; the CPU each component used, as % of one core. The shoppers come from as many loopback
 * addresses as it takes to stay inside the anonymous tier's limit per address (20 a second), as shoppers on many
 * machines would. The books are checked over every accepted order at the end. Prints figures and asserts nothing
 * about speed.
 *
 * <p>{@code ./mvnw -B -pl system-tests -am -Pbench verify -Dit.test=BrowseBenchmark ...} (CONTRIBUTING.md);
 * {@code -Dbench.browse-rate=500}, {@code -Dbench.order-rates=10,20}, {@code -Dbench.seconds=30}.
 */
@SystemTest
class BrowseBenchmark {

  private static final int STOCK = 1_000_000;
  private static final int READS_PER_ADDRESS_PER_SECOND = 10;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  @Test
  void productReadsBesideTheOrderSagaAndTheBooksBalance(RunningSystem system) {
    int browseRate = Integer.getInteger("bench.browse-rate", 500);
    List<Integer> orderRates = Arrays.stream(System.getProperty("bench.order-rates", "10,20").split(","))
        .map(String::strip).map(Integer::parseInt).toList();
    Duration length = Duration.ofSeconds(Integer.getInteger("bench.seconds", 30));
    Figures.report("Browse benchmark run: %d reads/s, alone and beside %s orders/s, %d s each; services' extra JVM "
        + "options %s", browseRate, orderRates, length.toSeconds(), System.getenv("SHOPSCALE_JAVA_OPTS"));
    Gateway gateway = new Gateway(system.gateway());
    Admin admin = Admin.login(gateway);
    List<UUID> products = admin.createProductIds("Browse Lamp", 20, "5.00", STOCK);
    int highest = orderRates.stream().mapToInt(Integer::intValue).max().orElse(0);
    List<Customer> customers = OrderLoad.customers(gateway, "browse", Math.max(10, highest / 2));
    Shoppers shoppers = new Shoppers(system.gateway(), catalogue(gateway), browseRate);
    Steps steps = new Steps(system, shoppers, customers, products);
    // a fresh stack is slow at first (classes loading, C1 compiling): both loads at a low rate before measuring
    steps.run("warm-up", browseRate / 5, 5, Duration.ofSeconds(30));

    // when: browsing alone, then beside each order rate
    steps.run("alone", browseRate, 0, length);
    orderRates.forEach(rate -> steps.run("beside", browseRate, rate, length));

    // then: the books balance over every accepted order
    SagaAudit audit = new SagaAudit(system);
    Map<UUID, Integer> initialStock = new LinkedHashMap<>();
    products.forEach(product -> initialStock.put(product, STOCK));
    List<Placed> placed = steps.placed();
    audit.assertExactAccounting(placed, audit.awaitAllSettled(placed, Duration.ofMinutes(3)), initialStock);
    assertThat(placed).as("accepted orders").isNotEmpty();
  }

  /** Every product id of the catalogue, through the list's cursor pages. */
  private static List<UUID> catalogue(Gateway gateway) {
    List<UUID> ids = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = gateway.patiently(gateway.request("/api/products?limit=100"
          + (cursor == null ? "" : "&cursor=" + cursor), null).GET()).expect(200).json();
      page.get("items").forEach(item -> ids.add(UUID.fromString(item.get("id").asString())));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
    } while (cursor != null);
    return ids;
  }

  /** What a read was: a product by id, or a page of the list. */
  enum Kind {
    PRODUCT, LIST
  }

  /** One read: what, its status (0: no answer within the timeout), how long it took. */
  record Read(Kind kind, int status, Duration took) {
  }

  /** Anonymous shoppers, each HTTP client bound to its own loopback address (the limiter's key for anonymous calls). */
  private static final class Shoppers {

    private final URI base;
    private final List<UUID> products;
    private final List<HttpClient> clients;
    private final Random random = new Random(20_261_208L);

    Shoppers(URI base, List<UUID> products, int highestRate) {
      this.base = base;
      this.products = products;
      int addresses = Math.max(1, (highestRate + READS_PER_ADDRESS_PER_SECOND - 1) / READS_PER_ADDRESS_PER_SECOND);
      this.clients = IntStream.range(0, addresses).mapToObj(i -> HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
          .localAddress(loopback(i + 2)).build()).toList();
    }

    private static InetAddress loopback(int host) {
      try {
        return InetAddress.getByAddress(new byte[]{127, 0, 0, (byte) host});
      }
      catch (UnknownHostException ex) {
        throw new IllegalStateException(ex);
      }
    }

    /** Open loop: {@code rate} reads a second for {@code length}, each on its own virtual thread at its own time. */
    List<Read> browse(int rate, Duration length) {
      int count = (int) (rate * length.toSeconds());
      long spacing = length.toNanos() / Math.max(1, count);
      long started = System.nanoTime();
      try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<Read>> reads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          long due = started + i * spacing;
          HttpClient client = clients.get(i % clients.size());
          boolean list = random.nextInt(5) == 0;
          String path = list
              ? "/api/products?limit=20"
              : "/api/products/" + products.get(random.nextInt(products.size()));
          reads.add(readers.submit(() -> {
            LockSupport.parkNanos(due - System.nanoTime());
            return read(client, list ? Kind.LIST : Kind.PRODUCT, path);
          }));
        }
        List<Read> results = new ArrayList<>();
        for (Future<Read> read : reads) {
          results.add(read.get());
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

    private Read read(HttpClient client, Kind kind, String path) {
      HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(READ_TIMEOUT)
          .header("Accept", "application/json").GET().build();
      long sent = System.nanoTime();
      try {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        return new Read(kind, status, Duration.ofNanos(System.nanoTime() - sent));
      }
      catch (IOException ex) {
        return new Read(kind, 0, Duration.ofNanos(System.nanoTime() - sent));
      }
      catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return new Read(kind, 0, Duration.ofNanos(System.nanoTime() - sent));
      }
    }
  }

  /** Runs steps against one system, keeping every accepted order for the books. */
  private static final class Steps {

    private final Databases databases;
    private final ProcessCpu cpu;
    private final Shoppers shoppers;
    private final List<Customer> customers;
    private final List<UUID> products;
    private final List<Placed> placed = new ArrayList<>();

    Steps(RunningSystem system, Shoppers shoppers, List<Customer> customers, List<UUID> products) {
      this.databases = new Databases(system);
      this.cpu = new ProcessCpu(system);
      this.shoppers = shoppers;
      this.customers = customers;
      this.products = products;
    }

    List<Placed> placed() {
      return placed;
    }

    void run(String label, int browseRate, int orderRate, Duration length) {
      List<Spec> specs = OrderLoad.randomOrders(20_261_208L + orderRate, (int) (orderRate * length.toSeconds()),
          customers, products, 0.0);
      ProcessCpu.Snapshot cpuBefore = cpu.snapshot();
      CompletableFuture<List<Attempt>> orders = CompletableFuture.supplyAsync(() -> OrderLoad.offer(specs, length));
      List<Read> reads = shoppers.browse(browseRate, length);
      List<Attempt> attempts = orders.join();
      Map<String, Duration> spent = ProcessCpu.between(cpuBefore, cpu.snapshot());
      List<Attempt> accepted = attempts.stream().filter(Attempt::accepted).toList();
      OrderLoad.Settled settled = OrderLoad.awaitSettled(databases, accepted);
      accepted.forEach(attempt -> placed.add(new Placed(java.util.Objects.requireNonNull(attempt.orderId()),
          attempt.spec())));
      placed.addAll(OrderLoad.settleUnknownOutcomes(attempts));

      StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT,
          "Browse benchmark %s: %d reads/s offered, %.1f answered 200/s", label, browseRate,
          reads.stream().filter(read -> read.status() == 200).count() / (length.toNanos() / 1e9)));
      for (Kind kind : Kind.values()) {
        List<Read> ofKind = reads.stream().filter(read -> read.kind() == kind).toList();
        List<Duration> took = ofKind.stream().map(Read::took).toList();
        line.append(String.format(java.util.Locale.ROOT, "; %s: answers %s, p50 %d ms p99 %d ms max %d ms", kind,
            byStatus(ofKind.stream().map(Read::status).toList()), Figures.percentile(took, 50).toMillis(),
            Figures.percentile(took, 99).toMillis(), Figures.percentile(took, 100).toMillis()));
      }
      line.append(String.format(java.util.Locale.ROOT, "; orders %d/s: answers %s, goodput %.1f confirmed/s, "
          + "outcomes %s, 202 → CONFIRMED p99 %d ms; CPU %% of one core: %s", orderRate,
          byStatus(attempts.stream().map(Attempt::status).toList()),
          settled.toConfirmed().size() / (length.toNanos() / 1e9), settled.outcomes(),
          Figures.percentile(settled.toConfirmed(), 99).toMillis(), shareOfOneCore(spent, length)));
      Figures.report("%s", line);
    }

    private static Map<Integer, Long> byStatus(List<Integer> statuses) {
      Map<Integer, Long> answers = new TreeMap<>();
      statuses.forEach(status -> answers.merge(status, 1L, Long::sum));
      return answers;
    }

    private static String shareOfOneCore(Map<String, Duration> spent, Duration length) {
      StringBuilder shares = new StringBuilder();
      spent.forEach((component, used) -> shares.append(String.format(java.util.Locale.ROOT, "%s%s %.0f",
          shares.isEmpty() ? "" : ", ", component, 100.0 * used.toNanos() / length.toNanos())));
      return shares.toString();
    }
  }
}
