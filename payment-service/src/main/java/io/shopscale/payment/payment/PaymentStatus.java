package io.shopscale.payment.payment;

/** A payment's status in the API (API.md "Payments"). */
public enum PaymentStatus {
  AUTHORIZED, DECLINED, FAILED, REFUNDED
}
