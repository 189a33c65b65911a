package io.shopscale.platform.security.reactive;

import java.util.List;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jwt.SignedJWT;
import io.shopscale.platform.security.JwkSetCache;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The keys for one token from the shared {@link JwkSetCache}: straight from memory on the event loop, and on a
 * thread that may block only when the cache has to fetch (at most once per its refetch interval).
 */
final class ReactiveJwkSource implements Function<SignedJWT, Flux<JWK>> {

  private final JwkSetCache cache;

  ReactiveJwkSource(JwkSetCache cache) {
    this.cache = cache;
  }

  @Override
  public Flux<JWK> apply(SignedJWT token) {
    JWKMatcher matcher = JWKMatcher.forJWSHeader(token.getHeader());
    if (matcher == null) {
      return Flux.empty(); // an algorithm no key can verify: the decoder refuses the token
    }
    JWKSelector selector = new JWKSelector(matcher);
    Mono<List<JWK>> keys = Mono.fromCallable(() -> cache.get(selector, null));
    return (cache.answersFromMemory(selector) ? keys : keys.subscribeOn(Schedulers.boundedElastic()))
        .flatMapMany(Flux::fromIterable);
  }
}
