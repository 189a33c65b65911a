package io.shopscale.inventory.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The list queries can be served by the indexes of V1 (checked with EXPLAIN on the exact SQL the service runs).
 * Sequential scans are switched off for the check: on a tiny test table the planner would rightly prefer them.
 */
@SpringBootTest
@ShopScaleInfrastructure
class ProductIndexesIT {

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  TransactionTemplate tx;

  @Test
  void browsingAndPagingUseTheNameOrderIndex() {
    assertThat(plan(ProductQueries.sql(false, false))).contains("products_name_order");
    assertThat(plan(ProductQueries.sql(false, true))).contains("products_name_order");
  }

  @Test
  void searchUsesTheTrigramIndexes() {
    assertThat(plan(ProductQueries.sql(true, false))).contains("products_name_trgm", "products_sku_trgm");
  }

  private String plan(String namedSql) {
    String sql = namedSql.replace(":pattern", "'%mug%'").replace(":afterName", "'m'")
        .replace(":afterId", "'00000000-0000-7000-8000-000000000000'::uuid").replace(":limit", "21");
    return tx.execute(status -> {
      jdbc.execute("SET LOCAL enable_seqscan = off");
      List<String> lines = jdbc.queryForList("EXPLAIN " + sql, String.class);
      return String.join("\n", lines);
    });
  }
}
