package io.shopscale.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxInFlight how many requests a service works on at once ({@link InFlightLimitFilter}); a service answers
 *     a few hundred requests a second in tens of milliseconds each, so 200 in progress is a queue of about half a
 *     second already, and well inside a 256 MiB heap
 */
@ConfigurationProperties("shopscale.web")
record WebSettings(@DefaultValue("200") int maxInFlight) {
}
