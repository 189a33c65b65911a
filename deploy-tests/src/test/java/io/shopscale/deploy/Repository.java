package io.shopscale.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository; the tests run in deploy-tests/ (Surefire's working directory) or from the root. */
final class Repository {

  static final Path ROOT = findRoot();
  static final Path CHART = ROOT.resolve("helm/shopscale");
  static final Path K8S = ROOT.resolve("k8s");
  static final Path RULES = ROOT.resolve("observability/prometheus");

  private Repository() {
  }

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("helm/shopscale")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no repository root (with helm/shopscale) above " + Path.of("").toAbsolutePath());
  }
}
