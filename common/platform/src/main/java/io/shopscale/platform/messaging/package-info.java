/** Kafka consumer defaults: bounded retries with back-off, then the dead-letter topic, counted. */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform.messaging;
