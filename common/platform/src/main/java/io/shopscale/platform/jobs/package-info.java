/** Background work: how jobs that no caller waits for (sweeps, purges, the outbox relay, recovery) use the database. */
@org.jspecify.annotations.NullMarked
package io.shopscale.platform.jobs;
