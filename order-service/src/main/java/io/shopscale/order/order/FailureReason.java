package io.shopscale.order.order;

/** Why an order ended CANCELLED; the names are part of the API. */
public enum FailureReason {
  OUT_OF_STOCK, PAYMENT_DECLINED, PAYMENT_TIMEOUT, CANCELLED_BY_CUSTOMER, CANCELLED_BY_ADMIN
}
