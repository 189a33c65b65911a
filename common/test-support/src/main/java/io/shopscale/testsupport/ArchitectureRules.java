package io.shopscale.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering every service keeps, as ArchUnit rules. A service runs them all with
 * {@code @ArchTest static final ArchTests shopscale = ArchTests.in(ArchitectureRules.class);}.
 */
public final class ArchitectureRules {

  // by name: test-support must not drag web and persistence APIs onto every classpath
  private static final String REST_CONTROLLER = "org.springframework.web.bind.annotation.RestController";

  private ArchitectureRules() {
  }

  /** Feature packages may use each other one way only. */
  @ArchTest
  public static final ArchRule noCyclesBetweenFeaturePackages = slices().matching("io.shopscale.(*).(*)..")
      .should().beFreeOfCycles();

  /** Controllers map HTTP to service calls; persistence stays behind the service. */
  @ArchTest
  public static final ArchRule controllersDoNotTouchRepositories = noClasses()
      .that().areAnnotatedWith(REST_CONTROLLER)
      .should().dependOnClassesThat().areAssignableTo("org.springframework.data.repository.Repository")
      .because("controllers speak DTOs and call services");

  /** Entities never leave the service through its HTTP API. */
  @ArchTest
  public static final ArchRule controllersDoNotExposeEntities = noClasses()
      .that().areAnnotatedWith(REST_CONTROLLER)
      .should().dependOnClassesThat().areAnnotatedWith("jakarta.persistence.Entity")
      .because("entities never leave a service; responses are records");

  /** Database per service: no service compiles against another service's code. */
  @ArchTest
  public static final ArchRule servicesDoNotDependOnEachOther = slices()
      .matching("io.shopscale.(inventory|order|payment|user|gateway|storefront)..")
      .should().notDependOnEachOther()
      .because("services talk over REST and Kafka, never through each other's classes");
}
