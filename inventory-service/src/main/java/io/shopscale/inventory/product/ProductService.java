package io.shopscale.inventory.product;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.shopscale.events.Money;
import io.shopscale.events.ProductChanged;
import io.shopscale.events.StockLine;
import io.shopscale.inventory.product.ProductProblems.InvalidField;
import io.shopscale.inventory.product.ProductProblems.ProductNotFound;
import io.shopscale.inventory.product.ProductProblems.SkuTaken;
import io.shopscale.inventory.product.ProductProblems.StaleVersion;
import io.shopscale.platform.cache.CacheAside;
import io.shopscale.platform.cache.CacheAsideFactory;
import io.shopscale.platform.datasource.PrimaryReads;
import io.shopscale.platform.outbox.Outbox;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads go through the cache (cache-aside); every write commits to PostgreSQL first and then writes the new state
 * through to Redis, so the next read on any instance sees it. The cache is versioned: of two racing writes, the
 * newer version stays cached. Stock reservations ({@link #reserve}, {@link #release}) are writes like any other.
 *
 * <p>Every catalog write also appends {@code ProductChanged} to the outbox in its transaction: each instance's near
 * cache (shopscale.cache.caches.product.near) learns of writes made elsewhere from it ({@link ProductChangesListener}).
 * Reservations and releases do not: they move the stock of hot products many times a second, and announcing each would
 * add an outbox row, a Kafka record and a processed-event row in every saga consumer per ordered product (issue #20's
 * CPU per order). Another instance's near copy then shows the stock of up to the near TTL (5 s) ago: a product page's
 * stock is a moment's figure anyway, and a reservation reads the locked row, never a cache.
 */
@Service
public class ProductService {

  private final ProductRepository products;
  private final ProductQueries queries;
  private final CacheAside<ProductView> cache;
  private final TransactionTemplate writes;
  private final TransactionTemplate reads;
  private final PrimaryReads primaryReads;
  private final Clock clock;
  private final CatalogSettings settings;
  private final Outbox outbox;

  ProductService(ProductRepository products, ProductQueries queries, CacheAsideFactory caches,
      PlatformTransactionManager transactions, PrimaryReads primaryReads, Clock clock, CatalogSettings settings,
      Outbox outbox) {
    this.products = products;
    this.queries = queries;
    this.cache = caches.createVersioned("product", ProductView.class, ProductView::version);
    this.writes = new TransactionTemplate(transactions);
    this.reads = new TransactionTemplate(transactions);
    this.reads.setReadOnly(true);
    this.primaryReads = primaryReads;
    this.clock = clock;
    this.settings = settings;
    this.outbox = outbox;
  }

  /**
   * A miss loads from the primary, not a replica: a replica up to the lag bound behind could fill the cache with a
   * version older than a write whose write-through failed, and a filled value lives for the whole TTL.
   */
  public Optional<ProductView> find(UUID id) {
    return cache.get(id, () -> primaryReads.read(() -> products.findById(id).map(Product::view)));
  }

  /**
   * The product as the primary has it now, whatever the cache holds: for answers that must not be stale, such as
   * the price an order is charged. A cached value can be older than the database for up to its TTL when a
   * write-through was lost (the pod died between commit and write-through, a Redis failover dropped the write);
   * the answer repairs the cache (a newer version only ever replaces an older one), so browsing sees it too.
   */
  public Optional<ProductView> findCurrent(UUID id) {
    Optional<ProductView> current = primaryReads.read(() -> products.findById(id).map(Product::view));
    current.ifPresentOrElse(view -> cache.put(id, view), () -> cache.putAbsent(id));
    return current;
  }

  /**
   * The primary's prices of these products, in one statement, whatever the cache holds: what an order is charged.
   * Unlike {@link #findCurrent} it does not repair the cache: that would be a Redis write per product of every order
   * (issue #20's CPU per order), and a stale cached price only lasts its TTL and is never charged.
   */
  CurrentPrices currentPrices(Collection<UUID> ids) {
    return primaryReads.read(() -> queries.prices(ids));
  }

  /** Another instance (or this one) committed {@code version} of the product: this instance's near cache drops older. */
  void changedElsewhere(UUID id, long version) {
    cache.invalidateNear(id, version);
  }

  /** Lists may come from a replica: docs/api.md allows them to reflect a write within 5 s, the replica lag bound. */
  ProductPage page(@Nullable String query, @Nullable Cursor after, int limit) {
    return reads.execute(status -> queries.page(query, after, limit));
  }

  ProductView create(ProductDraft draft, int availableQuantity) {
    requireCatalogPrice(draft.price());
    return uniqueSku(draft.sku(), () -> writes.execute(status -> {
      ProductView created = products.saveAndFlush(Product.create(draft, availableQuantity, clock.instant())).view();
      writeThroughAfterCommit(List.of(created));
      return created;
    }));
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
      Product product = products.findById(id).orElseThrow(() -> new ProductNotFound(id));
      // one past the last version: every cached copy of the product is stale
      outbox.append(new ProductChanged(id, product.view().version() + 1));
      products.delete(product);
      afterCommit(() -> cache.putAbsent(id));
    });
  }

  /**
   * Takes the stock of every line, or of none: the products' rows are locked in id order, every line is checked
   * against the locked quantities, and stock is taken only when all of them can be supplied, so it never goes below
   * zero and concurrent reservations never deadlock. Lines of the same product count together. Joins the caller's
   * transaction when there is one (an order's reservation commits with its record and its event); the cache sees the
   * new stock once that transaction commits, and nothing of it if it rolls back.
   *
   * @return the products that are unknown (or deleted) or short of the quantity asked for, in the order of the
   *     lines; empty when every line was taken
   */
  public List<UUID> reserve(List<StockLine> lines) {
    Map<UUID, Integer> wanted = perProduct(lines);
    return writes.execute(status -> {
      Map<UUID, Product> locked = lockInIdOrder(wanted.keySet());
      List<UUID> unavailable = wanted.entrySet().stream()
          .filter(line -> !locked.containsKey(line.getKey()) || !locked.get(line.getKey()).canSupply(line.getValue()))
          .map(Map.Entry::getKey)
          .toList();
      if (unavailable.isEmpty()) {
        Instant now = clock.instant();
        locked.values().forEach(product -> product.take(wanted.get(product.id()), now));
        flushAndWriteThroughAfterCommit(locked.values());
      }
      return unavailable;
    });
  }

  /**
   * Gives back stock taken by {@link #reserve}, in the caller's transaction when there is one; the cache sees it once
   * that commits. A product deleted in the meantime has no stock to give back to and is skipped.
   */
  public void release(List<StockLine> lines) {
    Map<UUID, Integer> returned = perProduct(lines);
    writes.executeWithoutResult(status -> {
      Map<UUID, Product> locked = lockInIdOrder(returned.keySet());
      Instant now = clock.instant();
      locked.values().forEach(product -> product.giveBack(returned.get(product.id()), now));
      flushAndWriteThroughAfterCommit(locked.values());
    });
  }

  private Map<UUID, Product> lockInIdOrder(Set<UUID> ids) {
    Map<UUID, Product> locked = new LinkedHashMap<>();
    products.lockInIdOrder(ids).forEach(product -> locked.put(product.id(), product));
    return locked;
  }

  private static Map<UUID, Integer> perProduct(List<StockLine> lines) {
    Map<UUID, Integer> quantities = new LinkedHashMap<>();
    lines.forEach(line -> quantities.merge(line.productId(), line.quantity(), Integer::sum));
    return quantities;
  }

  private ProductView change(UUID id, @Nullable String ifMatch, Consumer<Product> change) {
    return writes.execute(status -> {
      Product product = products.findById(id).orElseThrow(() -> new ProductNotFound(id));
      if (ifMatch != null && !matches(product, ifMatch)) {
        throw new StaleVersion(id);
      }
      change.accept(product);
      ProductView changed = products.saveAndFlush(product).view();
      writeThroughAfterCommit(List.of(changed));
      return changed;
    });
  }

  // The flush moves the versions on, so the cached views carry the versions that commit. Stock moves only: no
  // ProductChanged (see the class comment).
  private void flushAndWriteThroughAfterCommit(Collection<Product> changed) {
    products.flush();
    List<ProductView> views = changed.stream().map(Product::view).toList();
    afterCommit(() -> views.forEach(view -> cache.put(view.id(), view)));
  }

  /**
   * Every write reaches the cache only after its transaction commits: written earlier, a reader could see a change
   * that then rolls back, and it would stay cached for the whole TTL. Its {@code ProductChanged} commits with it. The versioned cache keeps the newest of
   * concurrent writes whatever order their callbacks run in.
   */
  private void writeThroughAfterCommit(List<ProductView> views) {
    views.forEach(view -> outbox.append(new ProductChanged(view.id(), view.version())));
    afterCommit(() -> views.forEach(view -> cache.put(view.id(), view)));
  }

  private static void afterCommit(Runnable cacheWrite) {
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        cacheWrite.run();
      }
    });
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
    if (price.amount().compareTo(ProductRequests.MAX_PRICE) > 0) {
      throw new InvalidField("price.amount", "must be at most " + ProductRequests.MAX_PRICE.toPlainString());
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
