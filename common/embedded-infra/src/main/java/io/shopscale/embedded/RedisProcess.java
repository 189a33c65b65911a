package io.shopscale.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import redis.embedded.RedisServer;

/**
 * A real Redis server process owned by the test, on a fixed loopback port, that a test may stop and start again
 * to prove what happens when Redis goes away. Never the shared server: stopping that would break other tests.
 */
public final class RedisProcess implements AutoCloseable {

  private final int port;
  private final RedisServer server;
  private final java.nio.file.Path dir;

  private RedisProcess(int port, List<String> settings) {
    this.port = port;
    try {
      // persistent, so a restart keeps what was written before the outage: stop() ends Redis with SIGTERM, which
      // writes and syncs the append-only file before it exits. Synced once a second (Redis's default), not after
      // every write: an fsync per write doubled Redis's CPU per rate-limited request in the local stack
      // (docs/benchmarks.md, "Gateway overhead"), a cost no deployed Redis of ours pays (compose runs it without AOF).
      this.dir = java.nio.file.Files.createTempDirectory("shopscale-redis");
      var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
          .setting("save \"\"").setting("appendonly yes").setting("appendfsync everysec")
          .setting("dir " + dir);
      settings.forEach(builder::setting);
      this.server = builder.build();
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  public static RedisProcess start() {
    return start(0);
  }

  /** Starts Redis on {@code port}, or on any free port when it is 0. */
  public static RedisProcess start(int port) {
    RedisProcess process = new RedisProcess(port > 0 ? port : Ports.free(), List.of());
    process.startAgain();
    return process;
  }

  /**
   * Starts Redis on any free port with one ACL user, {@code username} with {@code password} and every key, channel
   * and command, and the {@code default} user switched off: a client without these credentials can run no command
   * (NOAUTH), one with a wrong password is refused (WRONGPASS). As a production Redis with ACLs is set up.
   */
  public static RedisProcess startWithUser(String username, String password) {
    if (username.isBlank() || password.isBlank() || (username + password).matches(".*[\\s\"'].*")) {
      throw new IllegalArgumentException("a Redis ACL user and password without spaces or quotes");
    }
    RedisProcess process = new RedisProcess(Ports.free(),
        List.of("user default off", "user " + username + " on >" + password + " ~* &* +@all"));
    process.startAgain();
    return process;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public void stop() {
    try {
      server.stop();
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  public void startAgain() {
    try {
      server.start();
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  public boolean isRunning() {
    return server.isActive();
  }

  @Override
  public void close() {
    if (isRunning()) {
      stop();
    }
    org.springframework.util.FileSystemUtils.deleteRecursively(dir.toFile());
  }
}
