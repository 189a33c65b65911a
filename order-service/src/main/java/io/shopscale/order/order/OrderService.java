package io.shopscale.order.order;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.shopscale.events.Money;
import io.shopscale.events.OrderPlaced;
import io.shopscale.order.order.IdempotencyKeys.Claim;
import io.shopscale.order.order.OrderProblems.InvalidRequest;
import io.shopscale.order.order.OrderProblems.KeyReused;
import io.shopscale.order.order.OrderProblems.OrderNotFound;
import io.shopscale.order.pricing.InventoryClient;
import io.shopscale.order.pricing.UnknownProducts;
import io.shopscale.platform.datasource.PrimaryReads;
import io.shopscale.platform.ids.Uuid7;
import io.shopscale.platform.web.FieldProblem;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Orchestrates the order's use cases: placement (priced by inventory, outside any transaction; then one short write
 * of the key, the order and its OrderPlaced outbox row), reads, cancellation, and the saga's transitions.
 */
@Service
public class OrderService {

  private static final Logger log = LoggerFactory.getLogger(OrderService.class);

  private final OrderRepository orders;
  private final IdempotencyKeys keys;
  private final InventoryClient inventory;
  private final TransactionTemplate writes;
  private final TransactionTemplate replicaReads;
  private final PrimaryReads primaryReads;
  private final Clock clock;
  private final OrderSettings settings;
  private final Admission admission;

  OrderService(OrderRepository orders, IdempotencyKeys keys, InventoryClient inventory,
      PlatformTransactionManager transactions, PrimaryReads primaryReads, Clock clock, OrderSettings settings,
      Admission admission) {
    this.orders = orders;
    this.keys = keys;
    this.inventory = inventory;
    this.writes = new TransactionTemplate(transactions);
    this.replicaReads = new TransactionTemplate(transactions);
    this.replicaReads.setReadOnly(true);
    this.primaryReads = primaryReads;
    this.clock = clock;
    this.settings = settings;
    this.admission = admission;
  }

  /** The order for this key: a new one, or the one an earlier (or concurrent) identical request made. */
  OrderView place(PlaceOrder command) {
    // first, before any work: a refusal must cost less than the order it turns away
    admission.admit();
    String hash = command.requestHash();
    // the primary, not a replica: the key may have been claimed a moment ago
    Optional<OrderView> replay = primaryReads.read(() -> keys
        .find(command.userId(), command.idempotencyKey(), keysLiveSince(clock.instant()))
        .map(claim -> replay(claim, hash, command.idempotencyKey())));
    if (replay.isPresent()) {
      return replay.get();
    }
    Map<UUID, Money> prices = prices(command.lines());
    return writes.execute(status -> {
      UUID id = Uuid7.next();
      Instant now = clock.instant();
      Instant liveSince = keysLiveSince(now);
      if (!keys.claim(command.userId(), command.idempotencyKey(), hash, id, now, liveSince)) {
        // a twin claimed the key first; its transaction has committed by the time the insert gave up
        Claim winner = keys.find(command.userId(), command.idempotencyKey(), liveSince).orElseThrow();
        return replay(winner, hash, command.idempotencyKey());
      }
      List<OrderLine> lines = command.lines().stream()
          .map(line -> new OrderLine(line.productId(), line.quantity(), prices.get(line.productId()).amount()))
          .toList();
      return orders.save(Order.place(id, command.userId(), lines, settings.currency(), command.paymentToken(), now))
          .view();
    });
  }

  /** Keys created before this have expired: they no longer replay, and the same key places a new order. */
  private Instant keysLiveSince(Instant now) {
    return now.minus(settings.idempotencyKeyRetention());
  }

  private OrderView replay(Claim claim, String hash, String key) {
    if (!claim.requestHash().equals(hash)) {
      throw new KeyReused(key);
    }
    return orders.findById(claim.orderId()).map(Order::view).orElseThrow(() -> new OrderNotFound(claim.orderId()));
  }

  private Map<UUID, Money> prices(List<PlaceOrder.Line> lines) {
    try {
      return inventory.unitPrices(lines.stream().map(PlaceOrder.Line::productId).toList());
    }
    catch (UnknownProducts e) {
      List<FieldProblem> errors = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (e.productIds().contains(lines.get(i).productId())) {
          errors.add(new FieldProblem("items[" + i + "].productId", "is not a product in the catalog"));
        }
      }
      throw new InvalidRequest(errors);
    }
  }

  /** From the primary: an order is visible to its owner right after the 202, whatever the replica lag. */
  OrderView find(UUID id, Caller caller) {
    return primaryReads.read(() -> orders.findById(id).filter(caller::maySee).map(Order::view)
        .orElseThrow(() -> new OrderNotFound(id)));
  }

  /** From a replica when one is configured: a list may trail a placement by the replica lag bound. */
  OrderPage list(Caller caller, @Nullable UUID after, int limit) {
    return replicaReads.execute(status -> {
      List<Order> page = after == null
          ? orders.findByUserIdOrderByIdDesc(caller.userId(), Limit.of(limit))
          : orders.findByUserIdAndIdLessThanOrderByIdDesc(caller.userId(), after, Limit.of(limit));
      return OrderPage.of(page.stream().map(Order::view).toList(), limit);
    });
  }

  /** Customer or admin cancellation: stock is released and any payment refunded by the services that own them. */
  OrderView cancel(UUID id, Caller caller) {
    return writes.execute(status -> {
      Order order = orders.findForUpdate(id).filter(caller::maySee).orElseThrow(() -> new OrderNotFound(id));
      order.cancel(caller.admin() ? FailureReason.CANCELLED_BY_ADMIN : FailureReason.CANCELLED_BY_CUSTOMER,
          clock.instant());
      return orders.save(order).view();
    });
  }

  // The saga's steps. Each runs in the consuming transaction (the event's processed mark commits with it) and
  // ignores what no longer applies: a late event for an order that has moved on changes nothing.

  public void stockReserved(UUID orderId) {
    inTransaction(orderId, order -> order.stockReserved(clock.instant()));
  }

  /** Confirms a PENDING order paid in full; throws {@link PaymentMismatchException} for any other amount. */
  public void paymentAuthorized(UUID orderId, Money paid) {
    inTransaction(orderId, order -> {
      if (order.status() == OrderStatus.PENDING) {
        order.confirmPaid(paid, clock.instant());
      }
      else {
        // cancelled meanwhile (e.g. timed out): payment-service refunds on the OrderCancelled it also receives
        log.info("Order {} is {}; its late payment authorization is left to payment-service to refund", orderId,
            order.status());
      }
    });
  }

  public void failedBecause(UUID orderId, FailureReason reason) {
    inTransaction(orderId, order -> {
      if (order.status() == OrderStatus.PENDING) {
        order.cancel(reason, clock.instant());
      }
    });
  }

  /** Cancels up to {@code batch} orders still PENDING although announced before {@code announcedBefore}. */
  public int cancelTimedOut(Instant announcedBefore, int batch) {
    Integer cancelled = writes.execute(status -> {
      List<UUID> ids = orders.lockTimedOut(announcedBefore, OrderPlaced.TYPE, batch);
      orders.findAllById(ids).forEach(order -> {
        order.cancel(FailureReason.PAYMENT_TIMEOUT, clock.instant());
        orders.save(order);
      });
      return ids.size();
    });
    return cancelled == null ? 0 : cancelled;
  }

  /** When the oldest order still PENDING was placed, read on the primary; none when no order is pending. */
  public Optional<Instant> oldestPendingPlacement() {
    return writes.execute(status -> orders.oldestPendingPlacement());
  }

  private void inTransaction(UUID orderId, java.util.function.Consumer<Order> step) {
    writes.executeWithoutResult(status -> {
      Optional<Order> order = orders.findForUpdate(orderId);
      if (order.isEmpty()) {
        // not one of ours (another deployment sharing the topic, or a purged order): nothing to drive
        log.warn("Saga event for unknown order {} ignored", orderId);
        return;
      }
      step.accept(order.get());
      orders.save(order.get());
    });
  }
}
