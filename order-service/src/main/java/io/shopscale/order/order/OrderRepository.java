package io.shopscale.order.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface OrderRepository extends JpaRepository<Order, UUID> {

  /** For a transition: saga steps of one order arrive on two topics at once and must not interleave. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select o from Order o where o.id = :id")
  Optional<Order> findForUpdate(UUID id);

  /** A customer's newest orders; ids are UUIDv7, so id order is creation order. */
  List<Order> findByUserIdOrderByIdDesc(UUID userId, Limit limit);

  /** The page after the order {@code after}. */
  List<Order> findByUserIdAndIdLessThanOrderByIdDesc(UUID userId, UUID after, Limit limit);

  /**
   * Locks a batch of PENDING orders whose OrderPlaced reached Kafka before {@code announcedBefore}: the saga's
   * clock starts when the other services could hear of the order, so a broker outage (the event waiting in this
   * service's own outbox) does not time out every order placed during it. An order whose outbox row is gone (kept
   * 24 h) counts from its placement. SKIP LOCKED lets several replicas sweep at once without waiting on (or
   * double-cancelling) each other's batches. The bound on {@code created_at} is implied by the one on the event
   * (it is published after the order was placed) but lets the partial index on PENDING orders by age leave only the
   * few old ones to join with the outbox, on a query that runs every second while orders are due.
   */
  @Query(value = """
      SELECT o.id FROM orders o
        LEFT JOIN outbox_events e ON e.aggregate_id = CAST(o.id AS varchar) AND e.type = :placedType
       WHERE o.status = 'PENDING'
         AND o.created_at < :announcedBefore
         AND (e.published_at < :announcedBefore OR e.seq IS NULL)
       ORDER BY o.created_at LIMIT :batch FOR UPDATE OF o SKIP LOCKED
      """, nativeQuery = true)
  List<UUID> lockTimedOut(Instant announcedBefore, String placedType, int batch);

  /** When the oldest PENDING order was placed (one row of the partial index), none when nothing is pending. */
  @Query("SELECT min(o.createdAt) FROM Order o WHERE o.status = io.shopscale.order.order.OrderStatus.PENDING")
  Optional<Instant> oldestPendingPlacement();
}
