package io.shopscale.payment;

import io.shopscale.testsupport.ConfigurationMetadataAssertions;
import org.junit.jupiter.api.Test;

/** IDEs complete and document this module's {@code shopscale.*} properties from the processor's metadata. */
class ConfigurationMetadataTest {

  @Test
  void everyPropertyIsInTheMetadataWithADescription() {
    ConfigurationMetadataAssertions.assertEveryPropertyDescribed(PaymentServiceApplication.class);
  }

  @Test
  void everyShopscaleKeyInApplicationYamlIsAKnownProperty() {
    ConfigurationMetadataAssertions.assertApplicationPropertiesKnown(PaymentServiceApplication.class);
  }
}
