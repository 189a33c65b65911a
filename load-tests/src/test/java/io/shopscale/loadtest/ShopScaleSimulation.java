package io.shopscale.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.forAll;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * A day at the shop, through the gateway only (docs/api.md): every virtual user is a new customer who registers and
 * logs in once, then does {@code actions} things with think time between them, each picked at random — browse 80 % (a
 * product list page, sometimes the next page, one to three product pages, revisited ones with
 * {@code If-None-Match}), log in again 15 %, place an order 5 % (fresh {@code Idempotency-Key}, then
 * {@code GET /api/orders/{id}} until it is CONFIRMED or CANCELLED, for at most {@code orderTimeout}).
 *
 * <p>Distinct users keep the per-user rate limits (FREE 20/s) out of the way, and the anonymous calls (registration,
 * login, limited per client IP) are spread over several loopback source addresses. A 429 is counted apart
 * ({@link RunStats}) and is not a KO, so the KO assertions are about the other answers. Open workload: sessions
 * arrive at {@code rate} per second (Poisson), after a ramp. Settings: {@link LoadSettings}.
 */
public class ShopScaleSimulation extends Simulation {

  static final String SUMMARY_FILE = "summary.txt";
  static final String FIGURES_FILE = "summary.properties";
  private static final String STATUS = "httpStatus";
  private static final String RESPONSE_TIME = "responseTimeMs";
  private static final Set<String> SETTLED = Set.of("CONFIRMED", "CANCELLED");
  private static final String PASSWORD = "load-test-password-1";

  private final LoadSettings settings = LoadSettings.fromSystemProperties();
  private final List<String> productIds;

  // Gatling's Java DSL declares the run with setUp(...) in the constructor, so `this` escapes by design.
  @SuppressWarnings("this-escape")
  public ShopScaleSimulation() {
    try {
      productIds = Preflight.check(settings);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
    System.out.println("[load-tests] " + settings.describe() + "; " + productIds.size() + " products");

    HttpProtocolBuilder protocol = http
        .baseUrl(settings.baseUrl().toString())
        // the default warm-up request goes to an Internet host: warm up on the gateway's own health instead
        .warmUp(settings.baseUrl() + "/actuator/health/readiness")
        .acceptHeader("application/json")
        .userAgentHeader("shopscale-load-tests (Gatling)")
        .disableAutoReferer()
        .disableAutoOrigin()
        // conditional requests are made explicitly below, so that they show as their own request in the report
        .disableCaching();
    if (!settings.sourceAddresses().isEmpty()) {
      protocol = protocol.localAddresses(settings.sourceAddresses());
    }

    ScenarioBuilder shopper = scenario("shopper")
        .feed(customers())
        .exec(session -> count(session, "sessions.started"))
        .group("setup").on(
            anonymous("setup", "POST /api/users", http("POST /api/users")
                .post("/api/users").asJson()
                .body(StringBody("{\"email\":\"#{email}\",\"password\":\"" + PASSWORD + "\",\"name\":\"#{name}\"}"))
                .check(status().in(201, 429))),
            // a customer whose registration failed does not try to log in
            doIf(session -> session.contains(STATUS) && session.getInt(STATUS) == 201).then(login("setup")))
        // nor go on without a token: the summary counts these sessions (started - logged in)
        .exitHereIf(session -> !session.contains("token"))
        .exec(session -> count(session, "sessions.loggedIn"))
        .repeat(settings.actions()).on(
            pause(settings.thinkMin(), settings.thinkMax()),
            randomSwitch().on(
                percent(80.0).then(group("browse").on(browse())),
                percent(15.0).then(group("login").on(login("login"))),
                percent(5.0).then(group("order").on(order()))));

    List<OpenInjectionStep> injection = new ArrayList<>();
    if (!settings.ramp().isZero()) {
      injection.add(rampUsersPerSec(settings.rate() / 10).to(settings.rate()).during(settings.ramp()));
    }
    if (!settings.duration().isZero()) {
      injection.add(constantUsersPerSec(settings.rate()).during(settings.duration()).randomized());
    }
    setUp(shopper.injectOpen(injection))
        .protocols(protocol)
        .maxDuration(settings.maxDuration())
        .assertions(
            global().allRequests().count().gt(0L),
            global().failedRequests().percent().lt(settings.maxKoPercent()),
            forAll().failedRequests().percent().lt(settings.maxKoPercentPerRequest()));
  }

  @Override
  public void before() {
    RunStats.start(settings);
  }

  /** Prints the plain-text summary and leaves it, with the figures the bench profile checks, in the results folder. */
  @Override
  public void after() {
    String summary = RunStats.summary(settings);
    System.out.println();
    System.out.println(summary);
    try {
      RunStats.write(settings.resultsDir().resolve(SUMMARY_FILE), writer -> writer.write(summary));
      RunStats.writeFigures(settings.resultsDir().resolve(FIGURES_FILE), settings);
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** One new customer per virtual user: a unique e-mail per run and user. */
  private static Iterator<Map<String, Object>> customers() {
    String run = Long.toString(System.currentTimeMillis(), 36);
    AtomicLong next = new AtomicLong();
    return Stream.generate(() -> {
      long n = next.incrementAndGet();
      return Map.<String, Object>of("email", "lt-" + run + "-" + n + "@example.com", "name", "Load Tester " + n);
    }).iterator();
  }

  private ChainBuilder login(String group) {
    return anonymous(group, "POST /api/auth/login", http("POST /api/auth/login")
        .post("/api/auth/login").asJson()
        .body(StringBody("{\"email\":\"#{email}\",\"password\":\"" + PASSWORD + "\"}"))
        .check(status().in(200, 429))
        .checkIf((response, session) -> response.status().code() == 200)
        .then(jsonPath("$.accessToken").saveAs("token")));
  }

  private ChainBuilder browse() {
    HttpRequestActionBuilder firstPage = http("GET /api/products")
        .get("/api/products").queryParam("limit", "#{pageSize}")
        .header("Authorization", "Bearer #{token}")
        .check(status().in(200, 429))
        .checkIf((response, session) -> response.status().code() == 200)
        .then(jsonPath("$.items[*].id").findAll().saveAs("pageIds"),
            jsonPath("$.nextCursor").ofString().optional().saveAs("nextCursor"));
    HttpRequestActionBuilder nextPage = http("GET /api/products (next page)")
        .get("/api/products").queryParam("limit", "#{pageSize}").queryParam("cursor", "#{nextCursor}")
        .header("Authorization", "Bearer #{token}")
        .check(status().in(200, 429))
        .checkIf((response, session) -> response.status().code() == 200)
        .then(jsonPath("$.items[*].id").findAll().saveAs("pageIds"));
    HttpRequestActionBuilder product = http("GET /api/products/{id}")
        .get("/api/products/#{productId}")
        .header("Authorization", "Bearer #{token}")
        .check(status().in(200, 429))
        .checkIf((response, session) -> response.status().code() == 200)
        .then(jsonPath("$.id").isEL("#{productId}"), header("ETag").saveAs("newEtag"));
    HttpRequestActionBuilder productAgain = http("GET /api/products/{id} (If-None-Match)")
        .get("/api/products/#{productId}")
        .header("Authorization", "Bearer #{token}")
        .header("If-None-Match", "#{etag}")
        // 200 when the product changed since (its stock moves with every order)
        .check(status().in(200, 304, 429))
        .checkIf((response, session) -> response.status().code() == 200)
        .then(jsonPath("$.id").isEL("#{productId}"), header("ETag").saveAs("newEtag"));

    return exec(session -> session.remove("pageIds").remove("nextCursor")
        .set("pageSize", ThreadLocalRandom.current().nextBoolean() ? 10 : 20))
        .exec(counted("browse", "GET /api/products", firstPage))
        .doIf(session -> hasCursor(session) && ThreadLocalRandom.current().nextInt(100) < 40).then(
            pause(Duration.ofMillis(300), Duration.ofMillis(1000)),
            counted("browse", "GET /api/products (next page)", nextPage))
        .repeat(session -> 1 + ThreadLocalRandom.current().nextInt(3)).on(
            pause(Duration.ofMillis(300), Duration.ofMillis(1000)),
            exec(this::pickProduct),
            doIfOrElse(session -> session.contains("etag"))
                .then(counted("browse", "GET /api/products/{id} (If-None-Match)", productAgain),
                    exec(ShopScaleSimulation::countRevalidation))
                .orElse(counted("browse", "GET /api/products/{id}", product)),
            exec(ShopScaleSimulation::rememberEtag));
  }

  private ChainBuilder order() {
    HttpRequestActionBuilder place = http("POST /api/orders")
        .post("/api/orders").asJson()
        .header("Authorization", "Bearer #{token}")
        .header("Idempotency-Key", "#{idempotencyKey}")
        .body(StringBody("#{orderBody}"))
        .check(status().in(200, 202, 429))
        .checkIf((response, session) -> response.status().code() != 429)
        .then(jsonPath("$.id").saveAs("orderId"), jsonPath("$.status").saveAs("orderStatus"));
    int maxPolls = settings.maxPolls();
    HttpRequestActionBuilder poll = http("GET /api/orders/{id}")
        .get("/api/orders/#{orderId}")
        .header("Authorization", "Bearer #{token}")
        .check(status().in(200, 429))
        .checkIf((response, session) -> response.status().code() == 200)
        .then(jsonPath("$.id").isEL("#{orderId}"), jsonPath("$.status").saveAs("orderStatus"),
            jsonPath("$.failureReason").ofString().optional().saveAs("failureReason"))
        // the last poll allowed: an order still PENDING by then is a KO
        .checkIf((response, session) -> response.status().code() == 200 && session.getInt("polls") >= maxPolls - 1)
        .then(jsonPath("$.status").in("CONFIRMED", "CANCELLED"));

    return exec(this::newOrder)
        .exec(counted("order", "POST /api/orders", place))
        .doIf(session -> session.contains("orderId")).then(
            exec(session -> count(session, "order.placed")),
            asLongAs(session -> !SETTLED.contains(session.getString("orderStatus"))
                && session.getInt("polls") < maxPolls).on(
                    pause(settings.pollInterval()),
                    counted("order", "GET /api/orders/{id}", poll),
                    exec(session -> session.set("polls", session.getInt("polls") + 1))),
            exec(ShopScaleSimulation::recordOutcome));
  }

  /**
   * The request, recorded for the summary: its status, its response time and whether Gatling failed it. The
   * session's failed mark is reset first so that it tells about this request only (a group's status is kept apart
   * by Gatling and stays KO).
   */
  private static ChainBuilder counted(String group, String name, HttpRequestActionBuilder request) {
    return exec(session -> session.markAsSucceeded().remove(STATUS).remove(RESPONSE_TIME))
        .exec(request.check(status().saveAs(STATUS), responseTimeInMillis().saveAs(RESPONSE_TIME)))
        .exec(session -> {
          RunStats.record(group, name, session.contains(STATUS) ? session.getInt(STATUS) : 0,
              session.contains(RESPONSE_TIME) ? session.getInt(RESPONSE_TIME) : -1, session.isFailed());
          return session;
        });
  }

  /**
   * An anonymous call (registration, login) that the rest of the session needs: after a 429 it is tried again 1 s
   * later, at most twice, as a client would.
   */
  private static ChainBuilder anonymous(String group, String name, HttpRequestActionBuilder request) {
    return exec(session -> session.set("tries", 1))
        .exec(counted(group, name, request))
        .asLongAs(session -> throttled(session) && session.getInt("tries") < 3).on(
            pause(Duration.ofSeconds(1)),
            counted(group, name, request),
            exec(session -> session.set("tries", session.getInt("tries") + 1)));
  }

  private static Session count(Session session, String counter) {
    RunStats.increment(counter);
    return session;
  }

  private static boolean throttled(Session session) {
    return session.contains(STATUS) && session.getInt(STATUS) == 429;
  }

  private static boolean hasCursor(Session session) {
    String cursor = session.contains("nextCursor") ? session.getString("nextCursor") : null;
    return cursor != null && !cursor.isEmpty() && !"null".equals(cursor);
  }

  private Session pickProduct(Session session) {
    List<String> page = session.contains("pageIds") ? session.getList("pageIds") : List.of();
    List<String> from = page.isEmpty() ? productIds : page;
    String id = from.get(ThreadLocalRandom.current().nextInt(from.size()));
    Map<String, String> etags = etags(session);
    Session next = session.set("productId", id).remove("newEtag");
    return etags.containsKey(id) ? next.set("etag", etags.get(id)) : next.remove("etag");
  }

  private static Session countRevalidation(Session session) {
    if (session.contains(STATUS) && session.getInt(STATUS) == 304) {
      RunStats.increment("revalidation.304");
    }
    else if (session.contains(STATUS) && session.getInt(STATUS) == 200) {
      RunStats.increment("revalidation.200");
    }
    return session;
  }

  private static Session rememberEtag(Session session) {
    if (!session.contains("newEtag")) {
      return session;
    }
    Map<String, String> etags = new HashMap<>(etags(session));
    etags.put(session.getString("productId"), session.getString("newEtag"));
    return session.set("etags", Map.copyOf(etags));
  }

  private static Map<String, String> etags(Session session) {
    return session.contains("etags") ? session.getMap("etags") : Map.of();
  }

  /** One or two lines of catalog products, quantity 1 or 2, the approved test card. */
  private Session newOrder(Session session) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String first = productIds.get(random.nextInt(productIds.size()));
    StringBuilder items = new StringBuilder(line(first, 1 + random.nextInt(2)));
    if (productIds.size() > 1 && random.nextInt(100) < 30) {
      String second;
      do {
        second = productIds.get(random.nextInt(productIds.size()));
      } while (second.equals(first));
      items.append(',').append(line(second, 1));
    }
    return session.remove("orderId").remove("orderStatus").remove("failureReason")
        .set("idempotencyKey", UUID.randomUUID().toString())
        .set("orderBody", "{\"items\":[" + items + "],\"paymentToken\":\"tok_visa\"}")
        .set("polls", 0)
        .set("orderPlacedAt", System.nanoTime());
  }

  private static String line(String productId, int quantity) {
    return "{\"productId\":\"" + productId + "\",\"quantity\":" + quantity + "}";
  }

  private static Session recordOutcome(Session session) {
    String status = session.contains("orderStatus") ? session.getString("orderStatus") : null;
    if (status != null && SETTLED.contains(status)) {
      RunStats.increment("order." + status.toLowerCase(Locale.ROOT));
      if ("CANCELLED".equals(status) && session.contains("failureReason")) {
        RunStats.increment("order.cancelled." + session.getString("failureReason"));
      }
      RunStats.settled((System.nanoTime() - session.getLong("orderPlacedAt")) / 1_000_000);
    }
    else {
      RunStats.increment("order.unsettled");
    }
    return session;
  }
}
