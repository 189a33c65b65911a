package io.shopscale.systemtests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Read-only SQL on the services' databases (primary), for what the API does not show: row counts, reservations,
 * outbox events. {@code UUID[]} and {@code String[]} parameters become PostgreSQL arrays ({@code = any(?)}).
 */
final class Databases {

  private final RunningSystem system;

  Databases(RunningSystem system) {
    this.system = system;
  }

  /** One row of a result, read by the caller. */
  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** A {@code timestamptz} column read as {@code OffsetDateTime}, as an instant; the column must not be null. */
  static Instant instant(@Nullable OffsetDateTime time) {
    return Objects.requireNonNull(time).toInstant();
  }

  <T> List<T> query(String database, String sql, Row<T> row, Object... parameters) {
    try (Connection connection = DriverManager.getConnection(system.databaseUrl(database), system.databaseUser(),
        system.databasePassword()); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        Object parameter = parameters[i];
        if (parameter instanceof UUID[] ids) {
          statement.setArray(i + 1, connection.createArrayOf("uuid", ids));
        }
        else if (parameter instanceof String[] texts) {
          statement.setArray(i + 1, connection.createArrayOf("text", texts));
        }
        else {
          statement.setObject(i + 1, parameter);
        }
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(row.read(result));
        }
      }
      return rows;
    }
    catch (SQLException ex) {
      throw new IllegalStateException("Could not run on " + database + ": " + sql, ex);
    }
  }

  long count(String database, String sql, Object... parameters) {
    return query(database, sql, row -> row.getLong(1), parameters).get(0);
  }
}
