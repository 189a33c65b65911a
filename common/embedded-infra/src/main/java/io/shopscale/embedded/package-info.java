/**
 * Real PostgreSQL (a primary with a streaming replica), Redis and Kafka (KRaft) servers started from a JVM, for the
 * tests ({@code test-support}) and the local stack ({@code local-stack}); no test library on its class path.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.embedded;
