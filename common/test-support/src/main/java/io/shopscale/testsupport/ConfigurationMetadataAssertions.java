package io.shopscale.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the configuration metadata Spring Boot's configuration processor writes for a module
 * ({@code META-INF/spring-configuration-metadata.json}): IDEs complete and document {@code shopscale.*} properties
 * from it. Each module with {@code @ConfigurationProperties} runs both checks from a plain unit test, passing one of
 * its own classes.
 */
public final class ConfigurationMetadataAssertions {

  private static final String METADATA = "META-INF/spring-configuration-metadata.json";
  private static final String PREFIX = "shopscale.";

  private ConfigurationMetadataAssertions() {
  }

  /**
   * Every property of every {@code @ConfigurationProperties} record in the module of {@code moduleClass} (any class
   * of its {@code src/main/java}) is in the module's metadata with a description, which the processor takes from the record's
   * {@code @param} Javadoc; so is every other {@code shopscale.*} entry (additional metadata).
   */
  public static void assertEveryPropertyDescribed(Class<?> moduleClass) {
    Path classes = classesRoot(moduleClass);
    Map<String, String> described = new TreeMap<>();
    readProperties(classes.resolve(METADATA), described);
    Set<String> expected = new TreeSet<>();
    for (Class<?> settings : configurationProperties(moduleClass, classes)) {
      ConfigurationProperties annotation = settings.getAnnotation(ConfigurationProperties.class);
      String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
      collectProperties(settings, settings, prefix, expected);
    }
    assertThat(expected).as("@ConfigurationProperties in %s", classes).isNotEmpty();
    expected.addAll(described.keySet().stream().filter(name -> name.startsWith(PREFIX)).toList());

    List<String> problems = new ArrayList<>();
    for (String name : expected) {
      if (!described.containsKey(name)) {
        problems.add(name + ": not in " + METADATA);
      }
      else if (described.get(name).isBlank()) {
        problems.add(name + ": no description (a @param in the record's Javadoc)");
      }
    }
    assertThat(problems).as("configuration metadata of %s", classes).isEmpty();
  }

  /**
   * Every {@code shopscale.*} key the module's {@code application*.yml} sets is a property some metadata on the
   * classpath knows (the module's own or the platform's): a misspelt key would otherwise be ignored silently.
   */
  public static void assertApplicationPropertiesKnown(Class<?> moduleClass) {
    Path classes = classesRoot(moduleClass);
    Map<String, String> known = new TreeMap<>();
    try {
      for (URL url : Collections.list(moduleClass.getClassLoader().getResources(METADATA))) {
        try (InputStream in = url.openStream()) {
          readProperties(JsonMapper.shared().readTree(in), known);
        }
      }
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path yaml : applicationYamls(classes)) {
      for (String key : shopscaleKeys(yaml)) {
        checked++;
        // list indices and map keys below a known property are values, not properties of their own
        String name = key.replaceAll("\\[\\d+]", "");
        boolean isKnown = known.keySet().stream()
            .anyMatch(property -> name.equals(property) || name.startsWith(property + "."));
        if (!isKnown) {
          problems.add(classes.relativize(yaml) + ": " + key);
        }
      }
    }
    assertThat(checked).as("shopscale.* keys in %s/application*.yml", classes).isPositive();
    assertThat(problems).as("keys that no configuration metadata on the classpath knows").isEmpty();
  }

  private static Path classesRoot(Class<?> moduleClass) {
    try {
      return Path.of(moduleClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
    catch (URISyntaxException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static void readProperties(Path metadata, Map<String, String> into) {
    assertThat(metadata).as("the configuration processor's output (is it on the annotation processor path?)")
        .isRegularFile();
    readProperties(JsonMapper.shared().readTree(metadata.toFile()), into);
  }

  private static void readProperties(JsonNode metadata, Map<String, String> into) {
    for (JsonNode property : metadata.path("properties")) {
      into.put(property.path("name").asString(), property.path("description").asString(""));
    }
  }

  private static List<Class<?>> configurationProperties(Class<?> moduleClass, Path classes) {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    List<Class<?>> found = new ArrayList<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents("io.shopscale")) {
      Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), moduleClass.getClassLoader());
      // the module's own classes, not its test classes or another module's
      if (classesRoot(type).equals(classes)) {
        found.add(type);
      }
    }
    return found;
  }

  /**
   * The processor's rules: a component whose type is a record declared inside the settings class is a group of
   * properties; any other component (scalars, lists, maps, also of nested records) is one property.
   */
  private static void collectProperties(Class<?> root, Class<?> type, String prefix, Set<String> into) {
    assertThat(type.isRecord()).as("%s: @ConfigurationProperties are records", type.getName()).isTrue();
    for (RecordComponent component : type.getRecordComponents()) {
      String name = prefix + "." + dashed(component.getName());
      Class<?> componentType = component.getType();
      if (componentType.isRecord() && declaredInside(componentType, root)) {
        collectProperties(root, componentType, name, into);
      }
      else {
        into.add(name);
      }
    }
  }

  private static boolean declaredInside(Class<?> type, Class<?> root) {
    for (Class<?> outer = type.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
      if (outer == root) {
        return true;
      }
    }
    return false;
  }

  private static String dashed(String camelCase) {
    return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private static List<Path> applicationYamls(Path classes) {
    try (Stream<Path> files = Files.list(classes)) {
      return files.filter(file -> file.getFileName().toString().matches("application.*\\.ya?ml")).sorted().toList();
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static Collection<String> shopscaleKeys(Path yaml) {
    Set<String> keys = new TreeSet<>();
    try {
      for (var document : new YamlPropertySourceLoader().load(yaml.toString(), new FileSystemResource(yaml))) {
        if (document instanceof EnumerablePropertySource<?> properties) {
          Stream.of(properties.getPropertyNames()).filter(key -> key.startsWith(PREFIX)).forEach(keys::add);
        }
      }
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return keys;
  }
}
