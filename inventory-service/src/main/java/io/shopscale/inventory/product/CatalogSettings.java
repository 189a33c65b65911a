package io.shopscale.inventory.product;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param currency the one currency of this deployment; prices in any other are refused */
@ConfigurationProperties("shopscale.catalog")
record CatalogSettings(@DefaultValue("USD") String currency) {
}
