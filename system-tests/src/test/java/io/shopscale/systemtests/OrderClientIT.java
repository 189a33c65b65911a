package io.shopscale.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.shopscale.systemtests.orderclient.ApiClient;
import io.shopscale.systemtests.orderclient.api.OrdersApi;
import io.shopscale.systemtests.orderclient.model.Item;
import io.shopscale.systemtests.orderclient.model.OrderView;
import io.shopscale.systemtests.orderclient.model.PlaceOrderRequest;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi/order-service.json is usable as it is committed: a Java client generated from it (openapi-generator,
 * {@code native} library; system-tests' pom) places an order through the gateway and sees it confirmed.
 */
@SystemTest
class OrderClientIT {

  @Test
  void aClientGeneratedFromTheCommittedDocumentPlacesAnOrderThatConfirms(RunningSystem system) throws Exception {
    // given: a customer, a product in stock, and the generated client pointed at the gateway with the customer's token
    Gateway gateway = new Gateway(system.gateway());
    Customer customer = Customer.register(gateway, "client");
    UUID product = Admin.login(gateway).createProductId("Client Kettle " + UUID.randomUUID(), "24.00", 5);
    ApiClient client = new ApiClient();
    client.updateBaseUri(system.gateway().toString().replaceAll("/$", ""));
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + customer.token));
    OrdersApi orders = new OrdersApi(client);
    var request = new PlaceOrderRequest().items(List.of(new Item().productId(product).quantity(2)))
        .paymentToken("tok_visa");

    // when
    OrderView placed = orders.placeOrder(UUID.randomUUID().toString(), request, null);

    // then: accepted PENDING, priced by the catalog, and CONFIRMED once the saga has run
    assertThat(placed.getStatus()).isEqualTo(OrderView.StatusEnum.PENDING);
    assertThat(placed.getTotal().getAmount()).isEqualTo("48.00");
    OrderView settled = await("the order settles").atMost(Customer.SETTLES_WITHIN).pollInterval(Duration.ofMillis(250))
        .until(() -> orders.getOrder(placed.getId(), null), order -> order.getStatus() != OrderView.StatusEnum.PENDING);
    assertThat(settled.getStatus()).isEqualTo(OrderView.StatusEnum.CONFIRMED);
    assertThat(orders.listOrders(10, null, null).getItems()).extracting(OrderView::getId).contains(placed.getId());
  }
}
