package io.shopscale.user.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import io.shopscale.user.TestSigningKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Profiles are read through Redis (cache-aside) and every change is written through, so no read is ever stale. */
@SpringBootTest
@AutoConfigureMockMvc
@ShopScaleInfrastructure
@ContextConfiguration(initializers = TestSigningKey.class)
class ProfileCacheIT {

  @Autowired
  MockMvcTester mvc;

  @Autowired
  StringRedisTemplate redis;

  @Autowired
  MeterRegistry meters;

  @Value("${shopscale.cache.key-prefix}")
  String keyPrefix;

  @Test
  void repeatedProfileReadsAreServedFromRedis() throws Exception {
    // given
    String id = register("cached@example.com");
    String token = "Bearer " + TestJwtIssuer.get().customer(id);
    String key = keyPrefix + ":profile:" + id;
    redis.delete(key);
    double loadsBefore = loads();
    // when
    for (int i = 0; i < 5; i++) {
      assertThat(mvc.get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, token).exchange()).hasStatusOk();
    }
    // then: one database load, and the entry is in Redis
    assertThat(loads() - loadsBefore).isEqualTo(1.0);
    assertThat(redis.hasKey(key)).isTrue();
  }

  @Test
  void profileChangeIsVisibleToTheNextReadAtOnceAndWrittenThroughToRedis() throws Exception {
    // given: a cached profile
    String id = register("renamed@example.com");
    String token = "Bearer " + TestJwtIssuer.get().customer(id);
    assertThat(mvc.get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, token).exchange()).hasStatusOk();
    // when
    assertThat(mvc.patch().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, token)
        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"New Name\"}").exchange()).hasStatusOk();
    // then: the next read sees it, and Redis holds the new version rather than nothing
    assertThat(mvc.get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, token).exchange()).bodyJson()
        .extractingPath("$.name").isEqualTo("New Name");
    assertThat(redis.opsForValue().get(keyPrefix + ":profile:" + id)).startsWith("1|").contains("New Name");
  }

  @Test
  void administratorsTierChangeIsVisibleToTheOwnersNextRead() throws Exception {
    String id = register("upgraded@example.com");
    String token = "Bearer " + TestJwtIssuer.get().customer(id);
    assertThat(mvc.get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, token).exchange()).hasStatusOk();
    assertThat(mvc.patch().uri("/api/admin/users/" + id)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwtIssuer.get().admin("admin-1"))
        .contentType(MediaType.APPLICATION_JSON).content("{\"tier\":\"PREMIUM\"}").exchange()).hasStatusOk();
    assertThat(mvc.get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, token).exchange()).bodyJson()
        .extractingPath("$.tier").isEqualTo("PREMIUM");
  }

  private String register(String email) throws Exception {
    MvcTestResult created = mvc.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON)
        .content("{\"email\":\"%s\",\"password\":\"correct horse battery\",\"name\":\"Cached\"}".formatted(email))
        .exchange();
    assertThat(created).hasStatus(201);
    return JsonPath.read(created.getResponse().getContentAsString(), "$.id");
  }

  private double loads() {
    var counter = meters.find("shopscale.cache.loads").tag("cache", "profile").counter();
    return counter == null ? 0 : counter.count();
  }
}
