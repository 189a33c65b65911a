package io.shopscale.events;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * A non-negative amount in whole cents of one currency, below 10^15; in JSON the amount is a decimal string, never a
 * float.
 */
public record Money(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {

  /** Far above any order total the catalog allows, far below what arithmetic on it could make costly. */
  public static final int MAX_WHOLE_DIGITS = 15;

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  public Money {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("Amount must not be negative: " + amount);
    }
    // Before any arithmetic: "1E+999999999" is 12 characters, but setScale(2) would write out a billion digits.
    if (amount.precision() - amount.scale() > MAX_WHOLE_DIGITS) {
      throw new IllegalArgumentException(
          "Amount has more than " + MAX_WHOLE_DIGITS + " digits before the decimal point");
    }
    // "19.990" is the same amount as "19.99"; only precision below a cent is refused, never rounded away.
    if (amount.stripTrailingZeros().scale() > 2) {
      throw new IllegalArgumentException("Amount has more than 2 decimals: " + amount);
    }
    if (!CURRENCY.matcher(currency).matches()) {
      throw new IllegalArgumentException("Currency is not 3 upper-case letters: " + currency);
    }
    // One scale makes equals() and the JSON text independent of how the amount was written.
    amount = amount.setScale(2);
  }

  public static Money of(String amount, String currency) {
    return new Money(new BigDecimal(amount), currency);
  }

  public Money plus(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("Cannot add " + other.currency + " to " + currency);
    }
    return new Money(amount.add(other.amount), currency);
  }

  public Money times(int factor) {
    if (factor < 0) {
      throw new IllegalArgumentException("Factor must not be negative: " + factor);
    }
    return new Money(amount.multiply(BigDecimal.valueOf(factor)), currency);
  }
}
