/** Integration-event contracts: the records services publish on Kafka, their CloudEvents envelope and JSON form. */
@org.jspecify.annotations.NullMarked
package io.shopscale.events;
