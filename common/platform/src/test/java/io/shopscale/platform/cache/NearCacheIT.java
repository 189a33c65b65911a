package io.shopscale.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The near cache of {@link CacheAside} against a real Redis. Two caches of one name made by the factory share Redis
 * but each has its own near cache: two instances of a service.
 */
@SpringBootTest(classes = PlatformTestApplication.class, properties = {
    "shopscale.cache.caches.boxes-long.near.ttl=10m", "shopscale.cache.caches.boxes-short.near.ttl=1s",
    "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ShopScaleInfrastructure(Server.REDIS)
class NearCacheIT {

  record Box(String id, int version) {
  }

  @Autowired
  CacheAsideFactory caches;

  @Autowired
  MeterRegistry meters;

  private final String id = UUID.randomUUID().toString();

  @Test
  void anInstanceServesItsNearCopyUntilItHearsOfTheChange() {
    // given: this instance read v1; another wrote v2 through to Redis
    CacheAside<Box> here = versioned("boxes-long");
    CacheAside<Box> there = versioned("boxes-long");
    assertThat(here.get(id, () -> Optional.of(new Box(id, 1)))).contains(new Box(id, 1));
    there.put(id, new Box(id, 2));
    double hits = nearRequests("boxes-long", "hit");
    assertThat(here.get(id, Optional::empty)).as("before the invalidation").contains(new Box(id, 1));
    assertThat(nearRequests("boxes-long", "hit") - hits).isEqualTo(1);
    // when
    here.invalidateNear(id, 2);
    // then
    assertThat(here.get(id, Optional::empty)).contains(new Box(id, 2));
  }

  @Test
  void aValueOlderThanTheLastInvalidationIsServedButNotKept() {
    // given: this instance hears of v2 before the writer's write-through reached Redis, which still has v1
    CacheAside<Box> here = versioned("boxes-long");
    CacheAside<Box> there = versioned("boxes-long");
    there.put(id, new Box(id, 1));
    here.invalidateNear(id, 2);
    // when
    Optional<Box> early = here.get(id, Optional::empty);
    there.put(id, new Box(id, 2));
    // then: v1 was what Redis had, but it was not kept near, so the next read sees v2
    assertThat(early).contains(new Box(id, 1));
    assertThat(here.get(id, Optional::empty)).contains(new Box(id, 2));
  }

  @Test
  void anInvalidationForAnOlderVersionKeepsTheNewerCopy() {
    // given
    CacheAside<Box> here = versioned("boxes-long");
    here.put(id, new Box(id, 3));
    assertThat(here.get(id, Optional::empty)).contains(new Box(id, 3));
    double hits = nearRequests("boxes-long", "hit");
    // when: a late event about v2
    here.invalidateNear(id, 2);
    // then
    assertThat(here.get(id, Optional::empty)).contains(new Box(id, 3));
    assertThat(nearRequests("boxes-long", "hit") - hits).isEqualTo(1);
  }

  @Test
  void aLostInvalidationLeavesACopyStaleForAtMostTheNearTtl() {
    // given: this instance read v1, another wrote v2 and its invalidation never arrives
    CacheAside<Box> here = versioned("boxes-short");
    CacheAside<Box> there = versioned("boxes-short");
    here.get(id, () -> Optional.of(new Box(id, 1)));
    there.put(id, new Box(id, 2));
    assertThat(here.get(id, Optional::empty)).contains(new Box(id, 1));
    // then: the near TTL (1 s here) ends it
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(here.get(id, Optional::empty)).contains(new Box(id, 2)));
  }

  @Test
  void aNearCacheNeedsVersions() {
    assertThatThrownBy(() -> caches.create("boxes-long", Box.class)).isInstanceOf(IllegalStateException.class);
  }

  private CacheAside<Box> versioned(String name) {
    return caches.createVersioned(name, Box.class, Box::version);
  }

  private double nearRequests(String name, String result) {
    return meters.get("shopscale.cache.near.requests").tag("cache", name).tag("result", result).counter().count();
  }
}
