package io.shopscale.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class MoneyTest {

  private static final JsonMapper JSON = EventJson.mapper();

  @Test
  void serializesAmountAsDecimalStringWithTwoDecimals() {
    // given
    Money price = Money.of("19.9", "EUR");

    // when
    String json = JSON.writeValueAsString(price);

    // then
    assertThat(json).isEqualTo("{\"amount\":\"19.90\",\"currency\":\"EUR\"}");
  }

  @Test
  void readsAmountFromDecimalString() {
    // given
    String json = "{\"amount\":\"19.99\",\"currency\":\"EUR\"}";

    // when
    Money money = JSON.readValue(json, Money.class);

    // then
    assertThat(money).isEqualTo(Money.of("19.99", "EUR"));
  }

  @Test
  void sameAmountWrittenDifferentlyIsEqual() {
    // given / when
    Money whole = Money.of("20", "EUR");

    // then
    assertThat(whole).isEqualTo(Money.of("20.00", "EUR")).isEqualTo(Money.of("20.000", "EUR"));
    assertThat(whole.amount().scale()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"19.999", "0.001", "-0.01", "-5"})
  void rejectsSubCentPrecisionAndNegativeAmounts(String amount) {
    // given / when / then
    assertThatThrownBy(() -> Money.of(amount, "EUR")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"amount\":\"19.999\",\"currency\":\"EUR\"}", "{\"amount\":19.999,\"currency\":\"EUR\"}",
      "{\"amount\":\"-1.00\",\"currency\":\"EUR\"}", "{\"currency\":\"EUR\"}"})
  void readingRejectsInvalidAmounts(String json) {
    // given / when / then
    assertThatThrownBy(() -> JSON.readValue(json, Money.class)).isInstanceOf(JacksonException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1E+999999999", "1E+99999999", "1E+16", "1000000000000000", "1000000000000000.00"})
  void rejectsAmountsOfMoreThanFifteenWholeDigitsWithoutWritingThemOut(String amount) {
    // given / when / then: a short exponent must not make the constructor build a billion-digit number
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(() -> Money.of(amount, "EUR"))
        .isInstanceOf(IllegalArgumentException.class));
  }

  @Test
  void acceptsTheLargestAmount() {
    assertThat(Money.of("999999999999999.99", "EUR").amount()).hasToString("999999999999999.99");
    assertThat(Money.of("1E+14", "EUR").amount()).hasToString("100000000000000.00");
  }

  @ParameterizedTest
  @ValueSource(strings = {"eur", "EURO", "E1R", ""})
  void rejectsCurrencyThatIsNotThreeUpperCaseLetters(String currency) {
    // given / when / then
    assertThatThrownBy(() -> Money.of("1.00", currency)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addsAmountsOfTheSameCurrency() {
    // given
    Money a = Money.of("0.10", "EUR");
    Money b = Money.of("0.20", "EUR");

    // when
    Money sum = a.plus(b);

    // then
    assertThat(sum).isEqualTo(Money.of("0.30", "EUR"));
  }

  @Test
  void refusesToAddDifferentCurrencies() {
    // given
    Money euros = Money.of("1.00", "EUR");
    Money dollars = Money.of("1.00", "USD");

    // when / then
    assertThatThrownBy(() -> euros.plus(dollars)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void multipliesByAQuantity() {
    // given
    Money unitPrice = Money.of("19.99", "EUR");

    // when / then
    assertThat(unitPrice.times(3)).isEqualTo(Money.of("59.97", "EUR"));
    assertThat(unitPrice.times(0)).isEqualTo(Money.of("0", "EUR"));
    assertThatThrownBy(() -> unitPrice.times(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
