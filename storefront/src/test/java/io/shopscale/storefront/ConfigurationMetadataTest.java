package io.shopscale.storefront;

import io.shopscale.testsupport.ConfigurationMetadataAssertions;
import org.junit.jupiter.api.Test;

/** IDEs complete and document this module's {@code shopscale.*} properties from the processor's metadata. */
class ConfigurationMetadataTest {

  @Test
  void everyPropertyIsInTheMetadataWithADescription() {
    ConfigurationMetadataAssertions.assertEveryPropertyDescribed(StorefrontApplication.class);
  }

  @Test
  void everyShopscaleKeyInApplicationYamlIsAKnownProperty() {
    ConfigurationMetadataAssertions.assertApplicationPropertiesKnown(StorefrontApplication.class);
  }
}
