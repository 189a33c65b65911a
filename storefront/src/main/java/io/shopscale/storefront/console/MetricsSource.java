package io.shopscale.storefront.console;

import java.util.Map;

/** Reads every service's figures now: service name → figure → value (a service that does not answer is absent). */
interface MetricsSource {

  Map<String, Map<Figure, Double>> read();

  /** Where the figures come from, for the page. */
  String describe();
}
