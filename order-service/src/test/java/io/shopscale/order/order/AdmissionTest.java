package io.shopscale.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopscale.order.order.Admission.SagaBehind;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

class AdmissionTest {

  private static final Duration TARGET = Duration.ofSeconds(1);
  private static final Duration INTERVAL = Duration.ofSeconds(2);

  private Instant now = Instant.parse("2026-12-07T10:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Admission admission = new Admission(new AdmissionSettings(true, TARGET, INTERVAL), clock, meters);

  private void settledAfter(Duration took) {
    admission.settled(new Order.Confirmed(UUID.randomUUID(), now.minus(took), now));
  }

  @Test
  void withNothingSettledYetEveryPlacementIsAdmitted() {
    assertThatCode(admission::admit).doesNotThrowAnyException();
  }

  @Test
  void whenEveryRecentOrderTookLongerThanTheTargetPlacementsAreRefusedWith503AndRetryAfter() {
    // given
    settledAfter(Duration.ofMillis(1500));
    settledAfter(Duration.ofSeconds(4));
    // when
    SagaBehind refusal = catchThrowableOfType(SagaBehind.class, admission::admit);
    // then
    assertThat(refusal.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(refusal.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
    assertThat(meters.counter("shopscale.order.admission.refused").count()).isEqualTo(1);
  }

  @Test
  void oneOrderThatSettledWithinTheTargetShowsThereIsNoStandingQueue() {
    // given: one stuck order and one quick one
    settledAfter(Duration.ofSeconds(15));
    settledAfter(Duration.ofMillis(200));
    // then
    assertThatCode(admission::admit).doesNotThrowAnyException();
  }

  @Test
  void slowSettlementsOfThePreviousIntervalStillCountButNotOnceAWholeIntervalPassedWithout() {
    // given
    settledAfter(Duration.ofSeconds(3));
    // when the next interval has begun, then the slow order still counts
    now = now.plus(INTERVAL).plusMillis(100);
    assertThatCode(admission::admit).isInstanceOf(SagaBehind.class);
    // when a whole interval more passes without a settlement (e.g. the broker is down), then nothing is refused
    now = now.plus(INTERVAL).plus(INTERVAL);
    assertThatCode(admission::admit).doesNotThrowAnyException();
  }

  @Test
  void ordersCancelledByTheirOwnerOrAnAdminSayNothingAboutTheSaga() {
    // given an order a customer cancelled long after placing it
    admission.settled(new Order.Cancelled(UUID.randomUUID(), FailureReason.CANCELLED_BY_CUSTOMER, true,
        now.minusSeconds(60), now));
    // then
    assertThatCode(admission::admit).doesNotThrowAnyException();
  }

  @Test
  void switchedOffItNeverRefuses() {
    Admission off = new Admission(new AdmissionSettings(false, TARGET, INTERVAL), clock, meters);
    off.settled(new Order.Confirmed(UUID.randomUUID(), now.minusSeconds(10), now));
    assertThatCode(off::admit).doesNotThrowAnyException();
  }
}
