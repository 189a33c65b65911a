package io.shopscale.loadtest;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one run does, from system properties ({@code -Dname=value} on the Maven command line; the Gatling Maven plugin
 * passes them on to the forked Gatling JVM). Every run is bounded in time and targets this machine only.
 *
 * @param baseUrl the gateway, on a loopback address only ({@code -DbaseUrl}, default {@code http://127.0.0.1:8080})
 * @param rate new visitor sessions per second at steady state ({@code -Drate}); each one is a new registered user
 * @param ramp how long the arrival rate grows from {@code rate / 10} to {@code rate} ({@code -Dramp}, seconds)
 * @param duration how long the steady state lasts after the ramp ({@code -Dduration}, seconds)
 * @param actions actions (browse / login / order, 80/15/5) per session after registration and first login
 * @param thinkMin shortest think time between two actions
 * @param thinkMax longest think time between two actions
 * @param orderTimeout how long an order is polled before it counts as unsettled (the contract: 30 s locally)
 * @param pollInterval pause between two polls of an order
 * @param clientAddresses how many extra loopback source addresses (127.0.0.2, 127.0.0.3, …) virtual users are spread
 *     over, so that anonymous calls (registration, login) are not all limited as one client IP; 0 = 127.0.0.1 only
 * @param maxKoPercent the run fails when more than this share of all requests is KO (429s are not KO: see README)
 * @param maxKoPercentPerRequest the run fails when more than this share of any one request type is KO
 * @param maxThrottledPercent the run fails when more than this share of all requests is answered 429: then the test
 *     measured the rate limiter, not the system (or the limiter is broken)
 * @param resultsDir where the summary ({@code summary.txt}) and its figures go, next to Gatling's run folders
 */
public record LoadSettings(URI baseUrl, double rate, Duration ramp, Duration duration, int actions,
    Duration thinkMin, Duration thinkMax, Duration orderTimeout, Duration pollInterval, int clientAddresses,
    double maxKoPercent, double maxKoPercentPerRequest, double maxThrottledPercent, Path resultsDir) {

  /** Safety margin after the injection for sessions still running; Gatling stops hard at the end of it. */
  static final Duration DRAIN = Duration.ofSeconds(60);

  public LoadSettings {
    requireLoopback(baseUrl);
    positive("rate", rate);
    positive("actions", actions);
    if (ramp.isNegative() || duration.isNegative() || ramp.plus(duration).isZero()) {
      throw new IllegalArgumentException("ramp + duration must be > 0 s");
    }
    if (ramp.plus(duration).compareTo(Duration.ofMinutes(30)) > 0) {
      throw new IllegalArgumentException("ramp + duration is capped at 30 minutes on this machine");
    }
    if (thinkMax.compareTo(thinkMin) < 0) {
      throw new IllegalArgumentException("thinkMax must be >= thinkMin");
    }
    if (clientAddresses < 0 || clientAddresses > 250) {
      throw new IllegalArgumentException("clientAddresses must be 0..250");
    }
    if (clientAddresses > 0 && !isIpv4Literal(baseUrl.getHost())) {
      throw new IllegalArgumentException("clientAddresses > 0 needs an IPv4 loopback base URL (e.g. "
          + "http://127.0.0.1:8080), not " + baseUrl + "; or set -DclientAddresses=0");
    }
  }

  public static LoadSettings fromSystemProperties() {
    return new LoadSettings(
        URI.create(stripTrailingSlash(System.getProperty("baseUrl", "http://127.0.0.1:8080"))),
        Double.parseDouble(System.getProperty("rate", "1")),
        Duration.ofSeconds(Long.getLong("ramp", 20)),
        Duration.ofSeconds(Long.getLong("duration", 40)),
        Integer.getInteger("actions", 8),
        Duration.ofMillis(Long.getLong("thinkMinMs", 500)),
        Duration.ofMillis(Long.getLong("thinkMaxMs", 2000)),
        Duration.ofSeconds(Long.getLong("orderTimeout", 30)),
        Duration.ofMillis(Long.getLong("pollIntervalMs", 500)),
        Integer.getInteger("clientAddresses", 16),
        Double.parseDouble(System.getProperty("maxKoPercent", "1")),
        Double.parseDouble(System.getProperty("maxKoPercentPerRequest", "5")),
        Double.parseDouble(System.getProperty("maxThrottledPercent", "5")),
        Path.of(System.getProperty("loadtest.results", "target/gatling")));
  }

  /** 127.0.0.2, 127.0.0.3, … (each is loopback on Linux without any set-up). */
  public List<String> sourceAddresses() {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < clientAddresses; i++) {
      addresses.add("127.0.0." + (i + 2));
    }
    return addresses;
  }

  public int maxPolls() {
    return (int) Math.max(1, orderTimeout.toMillis() / Math.max(1, pollInterval.toMillis()));
  }

  /** The hard stop: injection, then time for the last sessions to finish. */
  public Duration maxDuration() {
    return ramp.plus(duration).plus(DRAIN);
  }

  public String describe() {
    return String.format(Locale.ROOT,
        "base URL %s, %.1f new sessions/s (ramp %d s from a tenth of that, then %d s steady), "
            + "%d actions per session, think %d-%d ms, order poll every %d ms for at most %d s, %s",
        baseUrl, rate, ramp.toSeconds(), duration.toSeconds(), actions, thinkMin.toMillis(), thinkMax.toMillis(),
        pollInterval.toMillis(), orderTimeout.toSeconds(),
        clientAddresses == 0
            ? "source address 127.0.0.1"
            : "source addresses 127.0.0.2-127.0.0." + (clientAddresses + 1));
  }

  /** Load goes to this machine only: a literal loopback address or {@code localhost}, plain HTTP. */
  static void requireLoopback(URI uri) {
    String host = uri.getHost();
    if (!"http".equals(uri.getScheme()) || host == null) {
      throw new IllegalArgumentException("baseUrl must be http://<loopback address>:<port>, not " + uri);
    }
    boolean loopback;
    if ("localhost".equalsIgnoreCase(host)) {
      loopback = true;
    }
    else if (isIpv4Literal(host) || host.startsWith("[")) {
      try {
        // a literal: no name lookup happens
        loopback = InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
      }
      catch (UnknownHostException ex) {
        loopback = false;
      }
    }
    else {
      loopback = false;
    }
    if (!loopback) {
      throw new IllegalArgumentException("baseUrl must point at this machine (127.0.0.0/8, [::1] or localhost): "
          + "the load test never sends traffic anywhere else; got " + uri);
    }
  }

  static boolean isIpv4Literal(String host) {
    if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return false;
    }
    try {
      return InetAddress.getByName(host) instanceof Inet4Address;
    }
    catch (UnknownHostException ex) {
      return false;
    }
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static void positive(String name, double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(name + " must be > 0");
    }
  }
}
