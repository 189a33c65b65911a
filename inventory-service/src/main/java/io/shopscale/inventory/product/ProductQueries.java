package io.shopscale.inventory.product;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.shopscale.events.Money;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The catalog list: keyset pagination over the {@code products_name_order} index, search over trigram indexes. And
 * the prices of many products in one statement, for pricing an order.
 */
@Component
class ProductQueries {

  private static final String COLUMNS = "id, sku, name, description, price_amount, currency, available_quantity, "
      + "version, updated_at, lower(name) AS sort_name";

  private final JdbcClient jdbc;

  ProductQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  ProductPage page(@Nullable String query, @Nullable Cursor after, int limit) {
    boolean search = query != null && !query.isBlank();
    var params = new java.util.HashMap<String, Object>();
    if (search) {
      params.put("pattern", "%" + escapeLike(query.toLowerCase(Locale.ROOT)) + "%");
    }
    if (after != null) {
      params.put("afterName", after.afterName());
      params.put("afterId", after.afterId());
    }
    // one extra row tells whether there is a next page without a count query
    params.put("limit", limit + 1);
    List<Row> rows = jdbc.sql(sql(search, after != null)).params(params).query(ProductQueries::row).list();
    List<ProductView> items = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, rows.size()); i++) {
      items.add(rows.get(i).view());
    }
    String next = null;
    if (rows.size() > limit) {
      Row last = rows.get(limit - 1);
      next = new Cursor(last.view().id(), last.sortName()).encode();
    }
    return new ProductPage(items, next);
  }

  CurrentPrices prices(Collection<UUID> ids) {
    return new CurrentPrices(jdbc.sql("SELECT id, price_amount, currency FROM products WHERE id IN (:ids) ORDER BY id")
        .param("ids", ids)
        .query((rs, rowNumber) -> new CurrentPrices.ProductPrice(rs.getObject("id", UUID.class),
            new Money(rs.getBigDecimal("price_amount"), rs.getString("currency"))))
        .list());
  }

  static String sql(boolean search, boolean after) {
    var sql = new StringBuilder("SELECT " + COLUMNS + " FROM products WHERE true");
    if (search) {
      sql.append(" AND (lower(name) LIKE :pattern OR lower(sku) LIKE :pattern)");
    }
    if (after) {
      sql.append(" AND (lower(name) COLLATE \"C\", id) > (CAST(:afterName AS text) COLLATE \"C\", :afterId)");
    }
    return sql.append(" ORDER BY lower(name) COLLATE \"C\", id LIMIT :limit").toString();
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static Row row(ResultSet rs, int rowNumber) throws SQLException {
    var view = new ProductView(rs.getObject("id", UUID.class), rs.getString("sku"), rs.getString("name"),
        rs.getString("description"), new Money(rs.getBigDecimal("price_amount"), rs.getString("currency")),
        rs.getInt("available_quantity"), rs.getLong("version"),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    return new Row(view, rs.getString("sort_name"));
  }

  private record Row(ProductView view, String sortName) {
  }
}
