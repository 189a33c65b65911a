/**
 * End-to-end tests through the gateway against the whole running system (every service as its own JVM, real
 * PostgreSQL pair, Redis and Kafka). Only HTTP to the gateway, except row counts read from the databases.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.systemtests;
