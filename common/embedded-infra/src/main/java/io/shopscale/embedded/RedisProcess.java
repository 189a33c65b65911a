package io.shopscale.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;

import redis.embedded.RedisServer;

/**
 * A real Redis server process owned by the test, on a fixed loopback port, that a test may stop and start again
 * to prove what happens when Redis goes away. Never the shared server: stopping that would break other tests.
 */
public final class RedisProcess implements AutoCloseable {

  private final int port;
  private final RedisServer server;
  private final java.nio.file.Path dir;

  private RedisProcess(int port) {
    this.port = port;
    try {
      // persistent like a production Redis, so a restart keeps what was written before the outage
      this.dir = java.nio.file.Files.createTempDirectory("shopscale-redis");
      this.server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
          .setting("save \"\"").setting("appendonly yes").setting("appendfsync always")
          .setting("dir " + dir).build();
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
    RedisProcess process = new RedisProcess(port > 0 ? port : Ports.free());
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
