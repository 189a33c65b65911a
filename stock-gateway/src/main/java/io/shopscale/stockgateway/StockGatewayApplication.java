package io.shopscale.stockgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Cloud Gateway as it comes: one route from application.yml, the framework's default global filters and
 * nothing else. {@code ./shopscale bench gateway} runs it beside gateway-service to tell what our filters cost.
 */
@SpringBootApplication
public class StockGatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(StockGatewayApplication.class, args);
  }
}
