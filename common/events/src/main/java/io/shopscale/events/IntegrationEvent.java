package io.shopscale.events;

/**
 * An event one service publishes for others. Versioned by adding fields only: a change that would break an old
 * payload or an old consumer is a new type with a new {@code TYPE} suffix.
 */
public sealed interface IntegrationEvent
    permits OrderEvent, ProductChanged, UserRegistered {

  /** The CloudEvents type, the record's {@code TYPE} constant. */
  String type();

  /** The id of the aggregate whose events must stay in order: the envelope subject and the Kafka key. */
  String subject();
}
