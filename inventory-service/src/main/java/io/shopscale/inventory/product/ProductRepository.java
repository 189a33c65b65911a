package io.shopscale.inventory.product;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ProductRepository extends JpaRepository<Product, UUID> {

  /**
   * Locks the rows of these products (unknown ids are simply missing) until the transaction ends, in id order:
   * PostgreSQL locks the rows as the sorted result comes out, so every multi-product stock change takes its locks in
   * the same order and two of them can never deadlock. Stock checked under these locks cannot change before commit.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("SELECT p FROM Product p WHERE p.id IN :ids ORDER BY p.id")
  List<Product> lockInIdOrder(@Param("ids") Collection<UUID> ids);
}
