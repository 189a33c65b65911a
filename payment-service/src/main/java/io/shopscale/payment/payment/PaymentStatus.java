package io.shopscale.payment.payment;

/** A payment's status in the API (docs/api.md "Payments"). */
public enum PaymentStatus {
  AUTHORIZED, DECLINED, FAILED, REFUNDED
}
