package io.shopscale.inventory;

import io.shopscale.testsupport.OpenApiDrift;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** docs/openapi/inventory-service.json is what the service publishes: a change to the API shows up in review as a diff. */
@SpringBootTest
@AutoConfigureMockMvc
@ShopScaleInfrastructure
class OpenApiDocumentIT {

  @Autowired
  MockMvcTester mvc;

  @Test
  void publishedDocumentIsTheCommittedOne() throws Exception {
    OpenApiDrift.assertPublishedMatchesCommitted(mvc, "inventory-service");
  }
}
