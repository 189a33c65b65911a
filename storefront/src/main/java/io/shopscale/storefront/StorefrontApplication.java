package io.shopscale.storefront;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The shop people open in a browser. It holds no data of its own: every page is built from the gateway's public REST
 * API, with the caller's tokens kept server-side in the web session.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StorefrontApplication {

  public static void main(String[] args) {
    SpringApplication.run(StorefrontApplication.class, args);
  }
}
