package io.shopscale.order.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether placements are refused while the saga falls behind
 * @param target how long an order may take from placement to its outcome before the saga counts as behind: while
 *     every order settled in the last one or two intervals took longer, new placements get 503
 * @param interval the window the shortest settlement time is taken over; also the Retry-After of a refusal
 */
@ConfigurationProperties("shopscale.order.admission")
record AdmissionSettings(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration target,
    @DefaultValue("1s") Duration interval) {

  AdmissionSettings {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("shopscale.order.admission.interval must be positive");
    }
  }
}
