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
   * Locks a batch of orders that have been PENDING since before {@code placedBefore}. SKIP LOCKED lets several
   * service replicas sweep at once without waiting on (or double-cancelling) each other's batches.
   */
  @Query(value = """
      SELECT id FROM orders WHERE status = 'PENDING' AND created_at < :placedBefore
       ORDER BY created_at LIMIT :batch FOR UPDATE SKIP LOCKED
      """, nativeQuery = true)
  List<UUID> lockTimedOut(Instant placedBefore, int batch);
}
