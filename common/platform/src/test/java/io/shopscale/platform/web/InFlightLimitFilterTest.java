package io.shopscale.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class InFlightLimitFilterTest {

  private final Counter refused = new SimpleMeterRegistry().counter("refused");
  private final InFlightLimitFilter filter = new InFlightLimitFilter(1, new ProblemResponseWriter(
      JsonMapper.builder().build()), refused);

  @Test
  void withEveryPermitTakenARequestIsRefused503AtOnceWhileProbesStillAnswerAndAFreedPermitAdmitsAgain()
      throws Exception {
    // given the one permit held by a request still in progress
    var inProgress = new CountDownLatch(1);
    var finish = new CountDownLatch(1);
    var holder = CompletableFuture.runAsync(() -> {
      try {
        filter.doFilter(new MockHttpServletRequest("GET", "/api/products"), new MockHttpServletResponse(),
            (request, response) -> {
              inProgress.countDown();
              await(finish);
            });
      }
      catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    });
    await(inProgress);

    // when another request comes, then it is refused without reaching the application
    MockFilterChain chain = new MockFilterChain();
    MockHttpServletResponse refusal = call("/api/products/1", chain);
    assertThat(refusal.getStatus()).isEqualTo(503);
    assertThat(refusal.getHeader("Retry-After")).isEqualTo("1");
    assertThat(refusal.getContentType()).startsWith("application/problem+json");
    assertThat(refusal.getContentAsString()).contains("\"status\":503", "busy");
    assertThat(chain.getRequest()).isNull();
    assertThat(refused.count()).isEqualTo(1);
    // and a probe still answers
    assertThat(call("/actuator/health/readiness", new MockFilterChain()).getStatus()).isEqualTo(200);

    // when the request in progress finishes, then the next one is admitted
    finish.countDown();
    holder.get(10, TimeUnit.SECONDS);
    MockFilterChain admitted = new MockFilterChain();
    assertThat(call("/api/products/1", admitted).getStatus()).isEqualTo(200);
    assertThat(admitted.getRequest()).isNotNull();
  }

  private MockHttpServletResponse call(String path, MockFilterChain chain) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(new MockHttpServletRequest("GET", path), response, chain);
    return response;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError(ex);
    }
  }
}
