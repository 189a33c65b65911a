package io.shopscale.storefront;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.shopscale.testsupport.ArchitectureRules;

/** The shared rules that apply to a module without a database or a REST API of its own. */
@AnalyzeClasses(packages = "io.shopscale.storefront", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noCyclesBetweenFeaturePackages = ArchitectureRules.noCyclesBetweenFeaturePackages;

  @ArchTest
  static final ArchRule noServiceCode = ArchitectureRules.servicesDoNotDependOnEachOther;
}
