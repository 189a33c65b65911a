package io.shopscale.platform.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWK Set every decoder of a process verifies tokens with, fetched from {@code jwks-uri} and kept in memory.
 * Spring Security's own JWKS sources fetch the set again for every token whose {@code kid} they do not know, so
 * forged {@code kid}s at full speed became as many requests to user-service (issue #16). Here a fetch happens when
 * the set is first needed, when it is older than {@code ttl}, and for an unknown {@code kid} at most once per
 * {@code minRefetchInterval} (so a newly rotated-in key is found within that interval); a failed fetch waits the
 * same interval, concurrent callers share one fetch, and a set that cannot be refreshed is kept rather than dropped.
 */
public final class JwkSetCache implements JWKSource<SecurityContext> {

  private static final Logger log = LoggerFactory.getLogger(JwkSetCache.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

  private final URI uri;
  private final Duration ttl;
  private final Duration minRefetchInterval;
  private final Clock clock;
  private final HttpClient http;
  private final ReentrantLock fetching = new ReentrantLock();
  private volatile @Nullable Snapshot current;
  private volatile @Nullable Instant lastAttempt;

  public JwkSetCache(URI uri, Duration ttl, Duration minRefetchInterval, Clock clock) {
    this.uri = uri;
    this.ttl = ttl;
    this.minRefetchInterval = minRefetchInterval;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  public static JwkSetCache forSettings(JwtSettings settings) {
    return new JwkSetCache(settings.jwksUri(), settings.jwksTtl(), settings.jwksMinRefetchInterval(),
        Clock.systemUTC());
  }

  @Override
  public List<JWK> get(JWKSelector selector, @Nullable SecurityContext context) throws RemoteKeySourceException {
    Snapshot known = current;
    if (known == null || known.olderThan(ttl, clock.instant())) {
      known = refresh(known);
    }
    List<JWK> found = selector.select(known.set());
    if (found.isEmpty() && mayFetch()) {
      found = selector.select(refresh(known).set());
    }
    return found;
  }

  /**
   * Whether {@link #get} would answer without a network call: a reactive caller stays on its event loop then, and
   * moves to a thread that may block only for the rare fetch.
   */
  public boolean answersFromMemory(JWKSelector selector) {
    Snapshot known = current;
    if (known == null || known.olderThan(ttl, clock.instant())) {
      return !mayFetch() && known != null;
    }
    return !selector.select(known.set()).isEmpty() || !mayFetch();
  }

  private boolean mayFetch() {
    Instant last = lastAttempt;
    return last == null || !clock.instant().isBefore(last.plus(minRefetchInterval));
  }

  private Snapshot refresh(@Nullable Snapshot seen) throws RemoteKeySourceException {
    fetching.lock();
    try {
      Snapshot now = current;
      if (now != seen && now != null) {
        return now; // another caller fetched while this one waited for the lock
      }
      if (!mayFetch()) {
        if (seen != null) {
          return seen;
        }
        throw new RemoteKeySourceException("The JWK Set at " + uri + " could not be fetched lately", null);
      }
      lastAttempt = clock.instant();
      try {
        Snapshot fetched = new Snapshot(fetch(), clock.instant());
        current = fetched;
        return fetched;
      }
      catch (IOException | ParseException ex) {
        if (seen != null) {
          log.warn("Could not refresh the JWK Set from {} ({}); verifying with the keys fetched at {}", uri,
              ex.toString(), seen.fetchedAt());
          return seen;
        }
        throw new RemoteKeySourceException("Could not fetch the JWK Set from " + uri + ": " + ex, ex);
      }
    }
    finally {
      fetching.unlock();
    }
  }

  private JWKSet fetch() throws IOException, ParseException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(READ_TIMEOUT).header("Accept", "application/json")
        .GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while fetching the JWK Set", ex);
    }
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode());
    }
    return JWKSet.parse(response.body());
  }

  private record Snapshot(JWKSet set, Instant fetchedAt) {

    boolean olderThan(Duration age, Instant now) {
      return now.isAfter(fetchedAt.plus(age));
    }
  }
}
