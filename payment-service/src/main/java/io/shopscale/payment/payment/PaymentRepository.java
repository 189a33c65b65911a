package io.shopscale.payment.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PaymentRepository extends JpaRepository<Payment, UUID> {

  /**
   * Creates the order's payment unless it exists. OrderPlaced and StockReserved may arrive at the same moment on
   * two listener threads: the second insert waits for the first transaction and then does nothing, so both go on
   * with the one row instead of one failing on the unique index.
   */
  @Modifying(flushAutomatically = true)
  @Query(value = """
      INSERT INTO payments (id, order_id, state, cancel_requested, version, created_at, updated_at)
      VALUES (:id, :orderId, 'NEW', false, 0, :now, :now)
      ON CONFLICT (order_id) DO NOTHING
      """, nativeQuery = true)
  int insertIfAbsent(@Param("id") UUID id, @Param("orderId") UUID orderId, @Param("now") Instant now);

  /** The order's payment, locked until the transaction ends: one input or outcome at a time per payment. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("SELECT p FROM Payment p WHERE p.orderId = :orderId")
  Optional<Payment> lockByOrderId(@Param("orderId") UUID orderId);

  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("SELECT p FROM Payment p WHERE p.id = :id")
  Optional<Payment> lockById(@Param("id") UUID id);

  Optional<Payment> findByOrderId(UUID orderId);

  /**
   * Payments whose outstanding provider call is due ({@code retry_at} passed), locked; rows another instance is
   * re-driving right now are skipped, not waited for.
   */
  @Query(value = """
      SELECT * FROM payments
       WHERE state IN ('CHARGING', 'CHARGE_UNKNOWN', 'REFUNDING') AND retry_at <= :now
       ORDER BY retry_at
       LIMIT :limit
         FOR UPDATE SKIP LOCKED
      """, nativeQuery = true)
  List<Payment> lockDue(@Param("now") Instant now, @Param("limit") int limit);

  /** Both counts from the outstanding payments only (the partial index), whatever the size of the table. */
  @Query(value = """
      SELECT count(*) FILTER (WHERE state = 'CHARGE_UNKNOWN') AS "unknownCharges",
             count(*) FILTER (WHERE state = 'REFUNDING' AND unanswered_attempts >= :stuckAfter) AS "stuckRefunds"
        FROM payments
       WHERE state IN ('CHARGING', 'CHARGE_UNKNOWN', 'REFUNDING')
      """, nativeQuery = true)
  Outstanding countOutstanding(@Param("stuckAfter") int stuckAfter);

  interface Outstanding {
    long getUnknownCharges();

    long getStuckRefunds();
  }
}
