package io.shopscale.order.pricing;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import io.shopscale.events.Money;

/** The catalog's current prices, as order placement needs them. */
public interface InventoryClient {

  /**
   * @return the unit price of every product asked for
   * @throws UnknownProducts when some do not exist (the order is invalid, nothing to retry)
   * @throws InventoryUnavailable when inventory cannot answer now (503 to the caller, nothing stored)
   */
  Map<UUID, Money> unitPrices(Collection<UUID> productIds);
}
