package io.shopscale.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopscale.testsupport.OpenApiDrift;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** docs/openapi/inventory-service.json is what the service publishes: a change to the API shows up in review as a diff. */
@SpringBootTest
@AutoConfigureMockMvc
@ShopScaleInfrastructure
class OpenApiDocumentIT {

  @Autowired
  MockMvcTester mvc;

  @Test
  void publishedDocumentIsTheCommittedOne() throws Exception {
    // when: asked through the gateway of ./shopscale up, so that the server it names is the same on every machine
    MvcTestResult published = mvc.get().uri("/v3/api-docs")
        .header("X-Forwarded-Proto", "http")
        .header("X-Forwarded-Host", OpenApiDrift.GATEWAY_HOST)
        .exchange();
    // then
    assertThat(published).hasStatusOk();
    OpenApiDrift.assertMatchesCommitted("inventory-service", published.getResponse().getContentAsString());
  }
}
