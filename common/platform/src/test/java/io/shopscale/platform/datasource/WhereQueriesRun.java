package io.shopscale.platform.datasource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * Asks PostgreSQL, from inside the transaction, which server is answering. A test imports it with
 * {@code @Import(WhereQueriesRun.class)}.
 */
class WhereQueriesRun {

  private static final String WHERE = "SELECT CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE 'primary' END";

  private final JdbcClient jdbc;

  WhereQueriesRun(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Which server answers in the caller's own transaction (none: auto-commit), whatever that routes to. */
  public String here() {
    return jdbc.sql(WHERE).query(String.class).single();
  }

  @Transactional(readOnly = true)
  public String read() {
    return jdbc.sql(WHERE).query(String.class).single();
  }

  @Transactional
  public String write() {
    return jdbc.sql(WHERE).query(String.class).single();
  }

  @Transactional
  public void insertNote(String note) {
    jdbc.sql("CREATE TABLE IF NOT EXISTS notes (text varchar PRIMARY KEY)").update();
    jdbc.sql("INSERT INTO notes VALUES (?)").param(note).update();
  }

  @Transactional(readOnly = true)
  public boolean sees(String note) {
    return jdbc.sql("SELECT count(*) FROM pg_tables WHERE tablename = 'notes'").query(Integer.class).single() == 1
        && jdbc.sql("SELECT count(*) FROM notes WHERE text = ?").param(note).query(Integer.class).single() == 1;
  }
}
