package io.shopscale.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.shopscale.platformtest.PlatformTestApplication;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform's {@code spring.threads.virtual.enabled=true} really takes effect on Java 25: requests, Kafka
 * listeners and scheduled jobs each run on a virtual thread, so a blocked call parks its thread instead of holding
 * a platform thread, and one slow scheduled job no longer delays the others (each run gets its own thread: the
 * order saga's timeout sweep never waits behind a long purge).
 */
@SpringBootTest(classes = {PlatformTestApplication.class,
    VirtualThreadsIT.Probes.class}, webEnvironment = WebEnvironment.RANDOM_PORT)
@ShopScaleInfrastructure({Server.POSTGRES, Server.KAFKA})
class VirtualThreadsIT {

  static final Map<String, Boolean> VIRTUAL = new ConcurrentHashMap<>();

  @LocalServerPort
  int port;

  @Autowired
  KafkaTemplate<String, String> kafka;

  @Test
  void requestsListenersAndScheduledJobsRunOnVirtualThreads() throws Exception {
    // given: a scheduled job that never finishes (think of a purge stuck on a lock)
    Probes.STUCK.set(true);
    // when
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/probe/thread")).build(),
        HttpResponse.BodyHandlers.ofString());
    kafka.send("virtual-threads-it", "key", "value");
    // then
    assertThat(response.body()).isEqualTo("virtual=true");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(VIRTUAL)
        .containsEntry("listener", true)
        .containsEntry("scheduled", true));
    // and the other job keeps its rhythm beside the stuck one: each run has a thread of its own
    await().atMost(Duration.ofSeconds(5)).until(() -> Probes.STUCK_RUNNING.getCount() == 0);
    long ticks = Probes.TICKS.get();
    await().atMost(Duration.ofSeconds(5)).until(() -> Probes.TICKS.get() >= ticks + 5);
  }

  @TestConfiguration
  @EnableScheduling
  static class Probes {

    static final AtomicBoolean STUCK = new AtomicBoolean();
    static final CountDownLatch STUCK_RUNNING = new CountDownLatch(1);
    static final AtomicLong TICKS = new AtomicLong();

    @Bean
    ThreadProbe threadProbe() {
      return new ThreadProbe();
    }
  }

  @RestController
  static class ThreadProbe {

    @GetMapping("/probe/thread")
    String thread() {
      return "virtual=" + Thread.currentThread().isVirtual();
    }

    @KafkaListener(topics = "virtual-threads-it", groupId = "virtual-threads-it")
    void listen(String value) {
      VIRTUAL.put("listener", Thread.currentThread().isVirtual());
    }

    @Scheduled(fixedDelay = 50)
    void tick() {
      VIRTUAL.put("scheduled", Thread.currentThread().isVirtual());
      Probes.TICKS.incrementAndGet();
    }

    @Scheduled(fixedDelay = 50)
    void stuck() throws InterruptedException {
      if (Probes.STUCK.get()) {
        Probes.STUCK_RUNNING.countDown();
        new CountDownLatch(1).await(); // until the context closes and interrupts it
      }
    }
  }
}
