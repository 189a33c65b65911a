package io.shopscale.user.account;

import io.shopscale.events.UserRegistered;
import io.shopscale.platform.outbox.Outbox;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Maps the aggregate's internal events to integration events in the outbox. Synchronous on purpose: the outbox row
 * commits in the registering transaction, which this listener runs inside, so no registration is lost or invented.
 */
@Component
class UserEventsToOutbox {

  private final Outbox outbox;

  UserEventsToOutbox(Outbox outbox) {
    this.outbox = outbox;
  }

  @EventListener
  void on(User.Registered registered) {
    outbox.append(new UserRegistered(registered.userId(), registered.email(), registered.name()));
  }
}
