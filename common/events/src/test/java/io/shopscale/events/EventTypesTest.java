package io.shopscale.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class EventTypesTest {

  @Test
  void registryListsEveryPermittedEventRecord() {
    // given: every record below the sealed hierarchy, through sealed sub-interfaces such as OrderEvent
    List<Class<?>> permitted = eventRecords(IntegrationEvent.class).toList();

    // when
    List<Class<?>> registered = List.copyOf(EventTypes.all().values());

    // then
    assertThat(registered).containsExactlyInAnyOrderElementsOf(permitted);
  }

  private static Stream<Class<?>> eventRecords(Class<?> type) {
    return type.isRecord()
        ? Stream.of(type)
        : Arrays.stream(type.getPermittedSubclasses()).flatMap(EventTypesTest::eventRecords);
  }

  @Test
  void registryKeysAreTheTypeConstantsOfTheirRecords() {
    // given
    var registry = EventTypes.all();

    // when / then
    registry.forEach((type, recordClass) -> assertThat(SampleEvents.of(recordClass).type())
        .as(recordClass.getSimpleName()).isEqualTo(type));
  }

  @Test
  void findIsEmptyForATypeFromANewerProducer() {
    // given
    String unknown = "io.shopscale.order.OrderGiftWrapped.v1";

    // when
    var found = EventTypes.find(unknown);

    // then
    assertThat(found).isEmpty();
    assertThat(EventTypes.find(OrderPlaced.TYPE)).contains(OrderPlaced.class);
  }

  @Test
  void everyEventGoesToTheTopicOfItsBoundedContext() {
    // given
    var all = Set.of(Topics.USERS, Topics.INVENTORY, Topics.ORDERS, Topics.PAYMENTS);

    // when / then
    EventTypes.all().values().forEach(recordClass -> assertThat(Topics.topicOf(SampleEvents.of(recordClass)))
        .as(recordClass.getSimpleName()).isIn(all));
    assertThat(Topics.topicOf(SampleEvents.of(OrderPlaced.class))).isEqualTo("orders.events");
    assertThat(Topics.topicOf(SampleEvents.of(StockReserved.class))).isEqualTo("inventory.events");
    assertThat(Topics.topicOf(SampleEvents.of(ProductChanged.class))).isEqualTo("inventory.events");
    assertThat(Topics.topicOf(SampleEvents.of(PaymentRefunded.class))).isEqualTo("payments.events");
    assertThat(Topics.topicOf(SampleEvents.of(UserRegistered.class))).isEqualTo("users.events");
  }

  @Test
  void orderSagaEventsAreKeyedByOrderSoTheyStayInOrder() {
    // given
    var orderId = SampleEvents.of(OrderPlaced.class).subject();

    // when
    var subjects = Arrays.asList(
        SampleEvents.of(StockReserved.class).subject(),
        SampleEvents.of(StockReservationFailed.class).subject(),
        SampleEvents.of(PaymentAuthorized.class).subject(),
        SampleEvents.of(PaymentDeclined.class).subject(),
        SampleEvents.of(PaymentFailed.class).subject(),
        SampleEvents.of(PaymentRefunded.class).subject(),
        SampleEvents.of(OrderCancelled.class).subject());

    // then
    assertThat(subjects).containsOnly(orderId);
  }
}
