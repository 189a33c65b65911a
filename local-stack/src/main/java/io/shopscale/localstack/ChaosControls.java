package io.shopscale.localstack;

import java.time.LocalTime;
import java.util.ArrayList;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.shopscale.embedded.KafkaProcess;
import io.shopscale.embedded.PostgresPair;
import io.shopscale.embedded.RedisProcess;
import org.jspecify.annotations.Nullable;

/**
 * Breaks the running stack on purpose and mends it again, one command at a time ({@code ./shopscale chaos <target>
 * <action>} and the console's buttons both come here through {@link ControlServer}). Each action answers with what to
 * watch; {@link #states()} says what is broken. Only what this launcher owns can be broken: a server given in the
 * environment (the machine's Redis, say) is someone else's and is left alone.
 */
final class ChaosControls {

  /** The services the launcher runs, as the controls need them. */
  interface Services {

    /** Ends the service's JVM at once (SIGKILL, like a crash); false when it is not running. */
    boolean kill(String name);

    /** Starts a killed service again; false when it is running already. */
    boolean start(String name);

    /** Every service name → {@code running} or {@code killed}. */
    Map<String, String> states();
  }

  /** The services' own run-time switches (local profile only): payment provider and slow product reads. */
  interface Switches {

    /** {@code PUT /internal/chaos/provider} on payment-service. */
    void payments(String behaviour);

    /** {@code PUT /internal/chaos/product-reads} on inventory-service. */
    void productReads(String behaviour);
  }

  static final String USAGE = """
      usage: ./shopscale chaos <target> <action>
        redis down|up                       stop / start the Redis server
        kafka down|up                       stop / start the Kafka broker (its data survives)
        replica pause|resume|cut|restore    pause WAL replay / cut the replica off from the primary, and back
        payments slow|failing|normal        the simulated payment provider's behaviour
        inventory slow|normal               slow product and price reads (order-service's price lookups)
        service <name> kill|start           SIGKILL a service's JVM / start it again
        status                              what is broken right now""";

  private final @Nullable RedisProcess redis;
  private final @Nullable KafkaProcess kafka;
  private final @Nullable PostgresPair postgres;
  private final Services services;
  private final Switches switches;
  private final Map<String, String> broken = new LinkedHashMap<>();
  private @Nullable String replicaConninfo;
  private boolean replayPaused;
  private boolean kafkaDown;

  ChaosControls(@Nullable RedisProcess redis, @Nullable KafkaProcess kafka, @Nullable PostgresPair postgres,
      Services services, Switches switches) {
    this.redis = redis;
    this.kafka = kafka;
    this.postgres = postgres;
    this.services = services;
    this.switches = switches;
  }

  /**
   * Carries out one command, e.g. {@code ("redis", "down")} or {@code ("service", "order-service kill")}, and answers
   * what to watch.
   *
   * @throws IllegalArgumentException for an unknown target or action (the answer says what exists)
   * @throws IllegalStateException when it cannot be done here (a server the launcher does not own)
   */
  synchronized String apply(String target, String action) {
    String normalized = action.strip().toLowerCase(Locale.ROOT);
    return switch (target.toLowerCase(Locale.ROOT)) {
      case "redis" -> redis(normalized);
      case "kafka" -> kafka(normalized);
      case "replica" -> replica(normalized);
      case "payments" -> payments(normalized);
      case "inventory" -> inventory(normalized);
      case "service" -> service(normalized);
      default -> throw unknown(target + " " + action);
    };
  }

  private String redis(String action) {
    RedisProcess server = owned(redis, "Redis", "SHOPSCALE_REDIS_URL");
    switch (action) {
      case "down" -> {
        if (server.isRunning()) {
          server.stop();
        }
        broken("redis", "down");
        return """
            Redis is down. Watch /console: cache errors rise and the hit ratio falls to 0 while catalog reads keep
            answering 200 from PostgreSQL (a little slower); the gateway's rate limiter fails open (rate-limit
            decisions: fail-open). Alerts: ShopScaleRedisDown, ShopScaleCacheErrors. Undo: ./shopscale chaos redis up""";
      }
      case "up" -> {
        if (!server.isRunning()) {
          server.startAgain();
        }
        mended("redis");
        return "Redis is up again. Watch /console: cache errors stop and the hit ratio climbs back as reads refill "
            + "the cache.";
      }
      default -> throw unknown("redis " + action);
    }
  }

  private String kafka(String action) {
    KafkaProcess broker = owned(kafka, "Kafka", "SHOPSCALE_KAFKA_BOOTSTRAP");
    switch (action) {
      case "down" -> {
        if (!kafkaDown) {
          broker.stop();
          kafkaDown = true;
        }
        broken("kafka", "down");
        return """
            Kafka is down. Orders are still accepted (202) and stay PENDING: watch /console's outbox backlog and
            publish lag grow while nothing is lost; once the broker is back the relay drains the backlog and the
            sagas finish. Alerts: ShopScaleOutboxBacklogGrowing, ShopScaleOutboxPublishFailures.
            Undo: ./shopscale chaos kafka up""";
      }
      case "up" -> {
        if (kafkaDown) {
          broker.startAgain();
          kafkaDown = false;
        }
        mended("kafka");
        return "Kafka is up again (same data). Watch /console: the outbox backlog drains to 0 and PENDING orders "
            + "confirm.";
      }
      default -> throw unknown("kafka " + action);
    }
  }

  private String replica(String action) {
    PostgresPair pair = owned(postgres, "The PostgreSQL pair", "SHOPSCALE_POSTGRES_URL");
    switch (action) {
      case "pause" -> {
        if (!replayPaused) {
          pair.pauseReplay();
          replayPaused = true;
        }
        broken("replica", replicaState());
        return """
            The replica stopped replaying WAL: it answers, with ever older data. Watch /console: replica lag grows
            with every write; past 3 s (shopscale.datasource.max-replica-lag) reads go to the primary (read routing
            split moves to primary). Alerts: ShopScaleReplicaLagHigh, ShopScaleReplicaFallbacks.
            Undo: ./shopscale chaos replica resume""";
      }
      case "resume" -> {
        if (replayPaused) {
          pair.resumeReplay();
          replayPaused = false;
        }
        mendedReplica();
        return "Replay resumed. Watch /console: replica lag falls to ~0 and reads return to the replica.";
      }
      case "cut" -> {
        if (replicaConninfo == null) {
          replicaConninfo = pair.cutOffReplica();
        }
        broken("replica", replicaState());
        return """
            The replica is cut off from the primary (its WAL receiver stopped; primary_conninfo = ''): it keeps
            answering with what it had. Watch /console: replica lag grows with every write and reads fall back to the
            primary. Alerts: ShopScaleReplicaLagHigh, ShopScaleReplicaFallbacks. Undo: ./shopscale chaos replica
            restore""";
      }
      case "restore" -> {
        if (replicaConninfo != null) {
          pair.reconnectReplica(replicaConninfo);
          replicaConninfo = null;
        }
        mendedReplica();
        return "The replica is connected again and catches up from its replication slot. Watch /console: lag falls "
            + "and reads return to the replica.";
      }
      default -> throw unknown("replica " + action);
    }
  }

  private String replicaState() {
    List<String> how = new ArrayList<>();
    if (replayPaused) {
      how.add("replay paused");
    }
    if (replicaConninfo != null) {
      how.add("cut off");
    }
    return String.join(", ", how);
  }

  private void mendedReplica() {
    if (replayPaused || replicaConninfo != null) {
      broken("replica", replicaState());
    }
    else {
      mended("replica");
    }
  }

  private String payments(String action) {
    String message = switch (action) {
      case "slow" -> """
          The payment provider now takes 3 s per call, past payment-service's 2 s time limit: calls time out and are
          retried with the same idempotency key, then the order is cancelled (PAYMENT_FAILED) and the charge counts as
          unknown (asked again with back-off, refunded if it went through); after 10 failed calls the provider breaker
          opens and calls fail fast. Watch /console: payment-service's breaker and bulkhead, orders cancelled/min.
          Alert: ShopScaleCircuitBreakerOpen. Undo: ./shopscale chaos payments normal""";
      case "failing" -> """
          Every payment provider call fails transiently before any money moves: retried with back-off and jitter,
          then the order is cancelled (PAYMENT_FAILED); after 10 failed calls the provider breaker opens and calls
          fail fast. Watch /console: payment-service's breaker, orders cancelled/min. Alert:
          ShopScaleCircuitBreakerOpen. Undo: ./shopscale chaos payments normal""";
      case "normal" -> "The payment provider behaves normally again. Watch /console: the breaker goes HALF_OPEN, then "
          + "CLOSED, and orders confirm.";
      default -> throw unknown("payments " + action);
    };
    switches.payments(action.toUpperCase(Locale.ROOT));
    if (action.equals("normal")) {
      mended("payments");
    }
    else {
      broken("payments", action);
    }
    return message;
  }

  private String inventory(String action) {
    String message = switch (action) {
      case "slow" -> """
          Single-product reads on inventory-service now take 1.5 s, past order-service's 800 ms read timeout: price
          lookups time out and are retried, the inventory breaker opens within ~10 orders and POST /api/orders answers
          503 + Retry-After until it closes. Watch /console: order-service's inventory breaker, bulkhead usage, p99
          latency. Alert: ShopScaleCircuitBreakerOpen. Undo: ./shopscale chaos inventory normal""";
      case "normal" -> "Product reads are fast again. Watch /console: the inventory breaker goes HALF_OPEN, then "
          + "CLOSED, and orders are accepted.";
      default -> throw unknown("inventory " + action);
    };
    switches.productReads(action.toUpperCase(Locale.ROOT));
    if (action.equals("normal")) {
      mended("inventory");
    }
    else {
      broken("inventory", "slow product reads");
    }
    return message;
  }

  private String service(String nameAndAction) {
    String[] words = nameAndAction.split("\\s+");
    if (words.length != 2 || !services.states().containsKey(words[0])) {
      throw unknown("service " + nameAndAction + " (services: " + String.join(", ", services.states().keySet()) + ")");
    }
    String name = words[0];
    switch (words[1]) {
      case "kill" -> {
        if (!services.kill(name)) {
          return name + " is not running. Start it: ./shopscale chaos service " + name + " start";
        }
        broken("service " + name, "killed");
        return name + " was killed (SIGKILL, no graceful shutdown). Watch /console: its figures stop; the gateway's "
            + "breaker for its routes opens and callers get 503 problems with Retry-After; events for it wait in "
            + "Kafka. Alert: ShopScaleTargetDown. Undo: ./shopscale chaos service " + name + " start";
      }
      case "start" -> {
        if (!services.start(name)) {
          return name + " is running already.";
        }
        mended("service " + name);
        return name + " is starting (./shopscale status shows when it is ready). Watch /console: its figures return, "
            + "it consumes the events that waited for it, and the gateway's breaker closes.";
      }
      default -> throw unknown("service " + nameAndAction);
    }
  }

  /** What is broken now, target → how; empty when nothing is. */
  synchronized Map<String, String> broken() {
    return Map.copyOf(broken);
  }

  /** Every target's state, broken or not: what {@code ./shopscale chaos status} prints and the console shows. */
  synchronized Map<String, String> states() {
    Map<String, String> states = new LinkedHashMap<>();
    states.put("redis", redis == null ? "not ours" : redis.isRunning() ? "up" : "down");
    states.put("kafka", kafka == null ? "not ours" : kafkaDown ? "down" : "up");
    states.put("replica", postgres == null ? "not ours" : broken.getOrDefault("replica", "streaming"));
    states.put("payments", broken.getOrDefault("payments", "normal"));
    states.put("inventory", broken.getOrDefault("inventory", "normal"));
    services.states().forEach((name, state) -> states.put("service " + name, state));
    return states;
  }

  /** The status as text: what is broken (since when), then every target's state. */
  synchronized String status() {
    StringBuilder out = new StringBuilder(broken.isEmpty() ? "Nothing is broken.\n" : "Broken:\n");
    broken.forEach((target, how) -> out.append(String.format(Locale.ROOT, "  %-26s %s%n", target, how)));
    out.append("All targets:\n");
    states().forEach((target, state) -> out.append(String.format(Locale.ROOT, "  %-26s %s%n", target, state)));
    return out.toString();
  }

  private void broken(String target, String how) {
    broken.put(target, how + " (since " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + ")");
  }

  private void mended(String target) {
    broken.remove(target);
  }

  private static <T> T owned(@Nullable T server, String what, String variable) {
    if (server == null) {
      throw new IllegalStateException(what + " is not the launcher's own (" + variable + " names a server of "
          + "yours): the chaos controls leave it alone");
    }
    return server;
  }

  private static IllegalArgumentException unknown(String command) {
    return new IllegalArgumentException("Unknown chaos command: " + command + "\n" + USAGE);
  }
}
