package io.shopscale.inventory.product;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ProductRepository extends JpaRepository<Product, UUID> {

  /**
   * Takes stock only if enough is left, in one statement: concurrent reservations serialize on the row lock and
   * the condition is re-checked against the committed quantity, so stock never goes below zero.
   */
  @Modifying(clearAutomatically = true, flushAutomatically = true)
  @Query(value = """
      UPDATE products
         SET available_quantity = available_quantity - :quantity, version = version + 1, updated_at = now()
       WHERE id = :id AND available_quantity >= :quantity
      """, nativeQuery = true)
  int takeStock(@Param("id") UUID id, @Param("quantity") int quantity);

  @Modifying(clearAutomatically = true, flushAutomatically = true)
  @Query(value = """
      UPDATE products
         SET available_quantity = available_quantity + :quantity, version = version + 1, updated_at = now()
       WHERE id = :id
      """, nativeQuery = true)
  int returnStock(@Param("id") UUID id, @Param("quantity") int quantity);
}
