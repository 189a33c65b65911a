package io.shopscale.inventory.reservation;

import static io.shopscale.inventory.reservation.ReservationStatus.CANCELLED;
import static io.shopscale.inventory.reservation.ReservationStatus.COMMITTED;
import static io.shopscale.inventory.reservation.ReservationStatus.REJECTED;
import static io.shopscale.inventory.reservation.ReservationStatus.RELEASED;
import static io.shopscale.inventory.reservation.ReservationStatus.RESERVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.shopscale.events.Money;
import io.shopscale.events.OrderPlaced;
import io.shopscale.events.StockLine;
import io.shopscale.inventory.reservation.Reservation.IllegalTransition;
import org.junit.jupiter.api.Test;

class ReservationTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final UUID ORDER = UUID.randomUUID();
  private static final List<StockLine> LINES = List.of(new StockLine(UUID.randomUUID(), 2),
      new StockLine(UUID.randomUUID(), 1));

  @Test
  void theStateMachineAllowsExactlyTheseMoves() {
    Map<ReservationStatus, Set<ReservationStatus>> legal = Map.of(
        RESERVED, EnumSet.of(COMMITTED, RELEASED),
        COMMITTED, EnumSet.of(RELEASED),
        RELEASED, EnumSet.noneOf(ReservationStatus.class),
        REJECTED, EnumSet.noneOf(ReservationStatus.class),
        CANCELLED, EnumSet.noneOf(ReservationStatus.class));
    for (ReservationStatus from : ReservationStatus.values()) {
      for (ReservationStatus to : ReservationStatus.values()) {
        assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(legal.get(from).contains(to));
      }
    }
  }

  @Test
  void onlyReservedAndCommittedReservationsHoldStock() {
    assertThat(EnumSet.allOf(ReservationStatus.class)).filteredOn(ReservationStatus::holdsStock)
        .containsExactlyInAnyOrder(RESERVED, COMMITTED);
  }

  @Test
  void aCommittedReservationIsReleasedWithAllItsLines() {
    // given
    Reservation reservation = Reservation.reserved(ORDER, LINES, NOW).commit(NOW);
    // when
    List<StockLine> released = reservation.release(NOW.plusSeconds(1));
    // then
    assertThat(released).isEqualTo(LINES);
    assertThat(reservation.status()).isEqualTo(RELEASED);
  }

  @Test
  void aReleasedReservationCanNeitherBeReleasedNorCommittedAgain() {
    Reservation reservation = Reservation.reserved(ORDER, LINES, NOW);
    reservation.release(NOW);
    assertThatThrownBy(() -> reservation.release(NOW)).isInstanceOf(IllegalTransition.class)
        .hasMessageContaining("RELEASED to RELEASED");
    assertThatThrownBy(() -> reservation.commit(NOW)).isInstanceOf(IllegalTransition.class);
    assertThat(reservation.status()).isEqualTo(RELEASED);
  }

  @Test
  void aRejectedReservationHoldsNothingToCommitOrRelease() {
    Reservation reservation = Reservation.rejected(ORDER, LINES, List.of(LINES.get(0).productId()), NOW);
    assertThat(reservation.status()).isEqualTo(REJECTED);
    assertThatThrownBy(() -> reservation.release(NOW)).isInstanceOf(IllegalTransition.class);
    assertThatThrownBy(() -> reservation.commit(NOW)).isInstanceOf(IllegalTransition.class);
  }

  @Test
  void aCommittedReservationIsNotCommittedTwice() {
    Reservation reservation = Reservation.reserved(ORDER, LINES, NOW).commit(NOW);
    assertThatThrownBy(() -> reservation.commit(NOW)).isInstanceOf(IllegalTransition.class);
    assertThat(reservation.status()).isEqualTo(COMMITTED);
  }

  @Test
  void aRejectionNamesTheProductsItCouldNotSupply() {
    assertThatThrownBy(() -> Reservation.rejected(ORDER, LINES, List.of(), NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOrdersRepeatedProductsAreReservedAsOneLine() {
    UUID mug = UUID.randomUUID();
    UUID cup = UUID.randomUUID();
    Money price = Money.of("1.00", "USD");
    var order = new OrderPlaced(ORDER, UUID.randomUUID(), List.of(new OrderPlaced.Line(mug, 2, price),
        new OrderPlaced.Line(cup, 1, price), new OrderPlaced.Line(mug, 3, price)), Money.of("6.00", "USD"), "tok_visa");
    assertThat(Reservation.stockLinesOf(order)).containsExactly(new StockLine(mug, 5), new StockLine(cup, 1));
  }
}
