package io.shopscale.payment;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.shopscale.testsupport.ArchitectureRules;

@AnalyzeClasses(packages = "io.shopscale.payment", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchTests shopscaleRules = ArchTests.in(ArchitectureRules.class);
}
