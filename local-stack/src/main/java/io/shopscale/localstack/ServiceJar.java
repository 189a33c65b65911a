package io.shopscale.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The jar a service runs from: its Spring Boot jar extracted once per build ({@code java -Djarmode=tools extract}),
 * so the JDK's own class loader reads plain jars on the class path, and the JDK AOT cache recorded for it.
 *
 * <p>Why extracted: with virtual threads on, loading classes lazily through Spring Boot's nested-jar class loader
 * can deadlock a service on a machine with few cores (spring-boot#51463: virtual threads that load a class pin
 * their carrier while they wait for the nested jar's monitor, whose holder then finds no carrier; seen here as an
 * order-service that stopped answering). Why the cache (JEP 483, recorded in one step as of JEP 514): the classes a
 * service loads and links while it starts are parsed, verified and linked once and then mapped into every later
 * start, which roughly halves the start-up work of five services starting at once on two cores.
 *
 * <p>The cache is recorded by a training start, which writes it when the JVM exits: the launcher lets it serve a
 * short workload first ({@code LocalStack}), once per build of the jar and JDK: {@code <home>/aot/<module>/} keeps
 * the extracted jar, the cache and the key they were made for. {@code SHOPSCALE_AOT=off} runs without a cache.
 */
final class ServiceJar {

  private final Path dir;
  private final Path bootJar;
  private final String key;

  private ServiceJar(Path dir, Path bootJar, String key) {
    this.dir = dir;
    this.bootJar = bootJar;
    this.key = key;
  }

  static boolean aotEnabled() {
    return !"off".equalsIgnoreCase(Env.get("SHOPSCALE_AOT", "on"));
  }

  static ServiceJar of(Path home, String module, Path bootJar) {
    try {
      // a new jar or another JDK makes both stale (the JVM would refuse the cache): extract and record again
      String key = bootJar.getFileName() + " " + Files.size(bootJar) + " " + Files.getLastModifiedTime(bootJar)
          .toMillis() + " " + Runtime.version();
      return new ServiceJar(home.resolve("aot").resolve(module), bootJar, key);
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Extracts the Boot jar unless this build's extraction is there; a fresh one has no cache yet. */
  void extract(String java) {
    try {
      if (Files.exists(dir.resolve("key")) && Files.readString(dir.resolve("key")).equals(key)) {
        return;
      }
      if (Files.exists(dir)) {
        try (Stream<Path> old = Files.walk(dir)) {
          old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
      Files.createDirectories(dir);
      Process extract = new ProcessBuilder(java, "-Djarmode=tools", "-jar", bootJar.toString(), "extract",
          "--destination", dir.resolve("app").toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("extract.log").toFile()).start();
      if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
        throw new IllegalStateException("Extracting " + bootJar + " failed; see " + dir.resolve("extract.log"));
      }
      Files.writeString(dir.resolve("key"), key);
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while extracting " + bootJar, ex);
    }
  }

  boolean cacheRecorded() {
    return Files.exists(cache());
  }

  /** The JVM arguments of a training start: it records what it loads and writes the cache when it exits. */
  List<String> trainingArguments() {
    return List.of("-XX:AOTCacheOutput=" + cache(), "-jar", applicationJar());
  }

  /** The JVM arguments that start the service, from its cache when one is recorded and wanted. */
  List<String> arguments(boolean withCache) {
    return withCache && cacheRecorded()
        ? List.of("-XX:AOTCache=" + cache(), "-jar", applicationJar())
        : List.of("-jar", applicationJar());
  }

  private Path cache() {
    return dir.resolve("app.aot");
  }

  private String applicationJar() {
    try (Stream<Path> files = Files.list(dir.resolve("app"))) {
      return files.filter(file -> file.getFileName().toString().endsWith(".jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("No extracted jar in " + dir.resolve("app")))
          .toString();
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
