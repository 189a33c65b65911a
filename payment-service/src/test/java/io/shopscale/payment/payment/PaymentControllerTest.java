package io.shopscale.payment.payment;

import static io.shopscale.testsupport.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.shopscale.events.Money;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import io.shopscale.testsupport.TestJwtIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Web slice: the "Payments" contract of docs/api.md and its error paths, with the service replaced (our own code, not
 * infrastructure). Who may see which payment is the service's decision (PaymentSagaIT reads through the real one).
 */
@WebMvcTest(PaymentController.class)
@ShopScaleInfrastructure({})
class PaymentControllerTest {

  private static final UUID ORDER = UUID.randomUUID();
  private static final PaymentView AUTHORIZED = new PaymentView(UUID.randomUUID(), ORDER, PaymentStatus.AUTHORIZED,
      Money.of("19.90", "USD"), Instant.parse("2026-11-23T10:00:00Z"));

  @Autowired
  MockMvcTester mvc;

  @MockitoBean
  PaymentService payments;

  private final String owner = "Bearer " + TestJwtIssuer.get().customer("user-1");
  private final String admin = "Bearer " + TestJwtIssuer.get().admin("admin-1");

  @Test
  void theOwnerReadsTheDecidedPaymentOfAnOrder() {
    given(payments.findVisibleTo(ORDER, "user-1", false)).willReturn(Optional.of(AUTHORIZED));

    var result = mvc.get().uri("/api/payments?orderId=" + ORDER).header(HttpHeaders.AUTHORIZATION, owner).exchange();

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().isStrictlyEqualTo("""
        {"id":"%s","orderId":"%s","status":"AUTHORIZED","amount":{"amount":"19.90","currency":"USD"},
         "updatedAt":"2026-11-23T10:00:00Z"}""".formatted(AUTHORIZED.id(), ORDER));
  }

  @Test
  void anAdministratorIsAskedForAsAdministrator() {
    given(payments.findVisibleTo(ORDER, "admin-1", true)).willReturn(Optional.of(AUTHORIZED));

    assertThat(mvc.get().uri("/api/payments?orderId=" + ORDER).header(HttpHeaders.AUTHORIZATION, admin).exchange())
        .hasStatusOk();
  }

  @Test
  void aPaymentTheServiceDoesNotShowThisCallerIsNotFound() {
    given(payments.findVisibleTo(any(), anyString(), anyBoolean())).willReturn(Optional.empty());

    assertProblem(mvc.get().uri("/api/payments?orderId=" + ORDER).header(HttpHeaders.AUTHORIZATION, owner)
        .exchange(), 404);
  }

  @Test
  void aMissingOrMalformedOrderIdIsABadRequest() {
    for (String uri : List.of("/api/payments", "/api/payments?orderId=", "/api/payments?orderId=42",
        "/api/payments?orderId=not-a-uuid")) {
      assertProblem(mvc.get().uri(uri).header(HttpHeaders.AUTHORIZATION, owner).exchange(), 400);
    }
    verifyNoInteractions(payments);
  }

  @Test
  void readingPaymentsNeedsAValidToken() {
    var anonymous = mvc.get().uri("/api/payments?orderId=" + ORDER).exchange();
    assertProblem(anonymous, 401);
    assertThat(anonymous).hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    assertProblem(mvc.get().uri("/api/payments?orderId=" + ORDER)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwtIssuer.get().token().signedByStranger().sign())
        .exchange(), 401);
    verifyNoInteractions(payments);
  }
}
