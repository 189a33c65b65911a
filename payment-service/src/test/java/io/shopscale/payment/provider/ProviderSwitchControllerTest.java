package io.shopscale.payment.provider;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.shopscale.payment.provider.SimulatedPaymentProvider.Behaviour;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** The provider's run-time switch: administrators only, and only where the local profile turned it on. */
class ProviderSwitchControllerTest {

  private static final String ADMIN = "Bearer " + TestJwtIssuer.get().admin("admin-1");
  private static final String CUSTOMER = "Bearer " + TestJwtIssuer.get().customer("user-1");

  @TestConfiguration(proxyBeanMethods = false)
  static class RealProvider {

    @Bean
    SimulatedPaymentProvider simulatedPaymentProvider() {
      return new SimulatedPaymentProvider(new SimulatedProviderSettings(Duration.ZERO, 0, Duration.ofSeconds(60),
          true));
    }
  }

  @Nested
  @WebMvcTest(value = ProviderSwitchController.class, properties = "shopscale.payment.provider.simulated.run-time-switch.enabled=true")
  @ShopScaleInfrastructure({})
  @Import(RealProvider.class)
  class WhenEnabled {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    SimulatedPaymentProvider provider;

    @AfterEach
    void normal() {
      provider.behave(Behaviour.NORMAL, Duration.ZERO);
    }

    @Test
    void anAdministratorMakesTheProviderFailAndNormalAgain() {
      assertThat(put(ADMIN, "FAILING")).hasStatusOk().bodyJson().isStrictlyEqualTo("{\"behaviour\":\"FAILING\"}");
      assertThat(provider.behaviour()).isEqualTo(Behaviour.FAILING);

      assertThat(put(ADMIN, "NORMAL")).hasStatusOk();
      assertThat(provider.behaviour()).isEqualTo(Behaviour.NORMAL);
      assertThat(mvc.get().uri("/internal/chaos/provider").header(HttpHeaders.AUTHORIZATION, ADMIN).exchange())
          .hasStatusOk().bodyJson().isStrictlyEqualTo("{\"behaviour\":\"NORMAL\"}");
    }

    @Test
    void customersAndAnonymousCallersCannotTouchIt() {
      assertProblem(put(CUSTOMER, "SLOW"), 403);
      assertProblem(mvc.put().uri("/internal/chaos/provider").contentType(MediaType.APPLICATION_JSON)
          .content("{\"behaviour\":\"SLOW\"}").exchange(), 401);
      assertThat(provider.behaviour()).isEqualTo(Behaviour.NORMAL);
    }

    @Test
    void anUnknownBehaviourIsABadRequest() {
      assertProblem(put(ADMIN, "SIDEWAYS"), 400);
      assertThat(provider.behaviour()).isEqualTo(Behaviour.NORMAL);
    }

    private org.springframework.test.web.servlet.assertj.MvcTestResult put(String authorization, String behaviour) {
      return mvc.put().uri("/internal/chaos/provider").header(HttpHeaders.AUTHORIZATION, authorization)
          .contentType(MediaType.APPLICATION_JSON).content("{\"behaviour\":\"" + behaviour + "\"}").exchange();
    }
  }

  @Nested
  @WebMvcTest(ProviderSwitchController.class)
  @ShopScaleInfrastructure({})
  @Import(RealProvider.class)
  class ByDefault {

    @Autowired
    MockMvcTester mvc;

    @Test
    void theSwitchDoesNotExist() {
      assertProblem(mvc.put().uri("/internal/chaos/provider").header(HttpHeaders.AUTHORIZATION, ADMIN)
          .contentType(MediaType.APPLICATION_JSON).content("{\"behaviour\":\"FAILING\"}").exchange(), 404);
    }
  }
}
