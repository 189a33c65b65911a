/**
 * The live pattern console at {@code /console}: golden signals and pattern gauges per service, read from Prometheus's
 * HTTP API when one is configured, otherwise from each service's {@code /actuator/prometheus}, with the local
 * launcher's chaos controls as buttons when its loopback control endpoint is configured.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.storefront.console;
