package io.shopscale.inventory.product;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.shopscale.events.Money;
import io.shopscale.inventory.product.ProductProblems.InvalidField;
import io.shopscale.inventory.product.ProductProblems.ProductNotFound;
import io.shopscale.inventory.product.ProductProblems.SkuTaken;
import io.shopscale.inventory.product.ProductProblems.StaleVersion;
import io.shopscale.platform.cache.CacheAside;
import io.shopscale.platform.cache.CacheAsideFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads go through the cache (cache-aside); every write commits to PostgreSQL first and then writes the new state
 * through to Redis, so the next read on any instance sees it. The cache is versioned: of two racing writes, the
 * newer version stays cached.
 */
@Service
public class ProductService {

  private final ProductRepository products;
  private final ProductQueries queries;
  private final CacheAside<ProductView> cache;
  private final TransactionTemplate writes;
  private final TransactionTemplate reads;
  private final TransactionTemplate primaryReads;
  private final Clock clock;
  private final CatalogSettings settings;

  ProductService(ProductRepository products, ProductQueries queries, CacheAsideFactory caches,
      PlatformTransactionManager transactions, Clock clock, CatalogSettings settings) {
    this.products = products;
    this.queries = queries;
    this.cache = caches.createVersioned("product", ProductView.class, ProductView::version);
    this.writes = new TransactionTemplate(transactions);
    this.reads = new TransactionTemplate(transactions);
    this.reads.setReadOnly(true);
    this.primaryReads = new TransactionTemplate(transactions);
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * A miss loads from the primary, not a replica: a replica up to the lag bound behind could fill the cache with a
   * version older than a write whose write-through failed, and a filled value lives for the whole TTL.
   */
  public Optional<ProductView> find(UUID id) {
    return cache.get(id, () -> primaryReads.execute(status -> products.findById(id).map(Product::view)));
  }

  /** Lists may come from a replica: API.md allows them to reflect a write within 5 s, the replica lag bound. */
  ProductPage page(@Nullable String query, @Nullable Cursor after, int limit) {
    return reads.execute(status -> queries.page(query, after, limit));
  }

  ProductView create(ProductDraft draft, int availableQuantity) {
    requireCatalogPrice(draft.price());
    ProductView created = uniqueSku(draft.sku(), () -> writes.execute(
        status -> products.saveAndFlush(Product.create(draft, availableQuantity, clock.instant())).view()));
    cache.put(created.id(), created);
    return created;
  }

  ProductView revise(UUID id, ProductDraft draft, @Nullable String ifMatch) {
    requireCatalogPrice(draft.price());
    return uniqueSku(draft.sku(), () -> change(id, ifMatch, product -> product.revise(draft, clock.instant())));
  }

  ProductView restock(UUID id, int quantity) {
    return change(id, null, product -> product.restock(quantity, clock.instant()));
  }

  void delete(UUID id) {
    writes.executeWithoutResult(status -> {
      if (!products.existsById(id)) {
        throw new ProductNotFound(id);
      }
      products.deleteById(id);
    });
    cache.putAbsent(id);
  }

  /**
   * Takes {@code quantity} from the stock of a product if that much is left; false (and nothing changed)
   * otherwise. Safe under any concurrency: the check and the decrement are one conditional UPDATE.
   */
  public boolean reserve(UUID id, int quantity) {
    return adjustStock(id, () -> products.takeStock(id, quantity));
  }

  /** Gives back stock taken by {@link #reserve}. */
  public void release(UUID id, int quantity) {
    adjustStock(id, () -> products.returnStock(id, quantity));
  }

  private boolean adjustStock(UUID id, IntSupplier update) {
    Optional<ProductView> changed = writes.execute(status -> update.getAsInt() == 1
        ? products.findById(id).map(Product::view) : Optional.<ProductView>empty());
    changed.ifPresent(view -> cache.put(id, view));
    return changed.isPresent();
  }

  private ProductView change(UUID id, @Nullable String ifMatch, Consumer<Product> change) {
    ProductView changed = writes.execute(status -> {
      Product product = products.findById(id).orElseThrow(() -> new ProductNotFound(id));
      if (ifMatch != null && !matches(product, ifMatch)) {
        throw new StaleVersion(id);
      }
      change.accept(product);
      return products.saveAndFlush(product).view();
    });
    cache.put(id, changed);
    return changed;
  }

  // The unique index decides, not a check-then-insert that two admins could both pass.
  private static ProductView uniqueSku(String sku, Supplier<ProductView> write) {
    try {
      return write.get();
    }
    catch (DataIntegrityViolationException ex) {
      if (String.valueOf(ex.getMostSpecificCause().getMessage()).contains("products_sku_unique")) {
        throw new SkuTaken(sku);
      }
      throw ex;
    }
  }

  private void requireCatalogPrice(Money price) {
    if (!settings.currency().equals(price.currency())) {
      throw new InvalidField("price.currency", "must be " + settings.currency());
    }
    if (price.amount().compareTo(BigDecimal.ZERO) <= 0) {
      throw new InvalidField("price.amount", "must be greater than 0");
    }
  }

  // If-Match "*" means "any current version"; weak validators never match (RFC 9110 strong comparison).
  private static boolean matches(Product product, String ifMatch) {
    for (String tag : ifMatch.split(",")) {
      String candidate = tag.trim();
      if (candidate.equals("*")) {
        return true;
      }
      if (candidate.length() > 2 && candidate.startsWith("\"") && candidate.endsWith("\"")) {
        try {
          if (product.hasVersion(Long.parseLong(candidate.substring(1, candidate.length() - 1)))) {
            return true;
          }
        }
        catch (NumberFormatException ignored) {
          // not one of our ETags: cannot match
        }
      }
    }
    return false;
  }
}
