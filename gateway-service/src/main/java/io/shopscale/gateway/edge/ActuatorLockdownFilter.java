package io.shopscale.gateway.edge;

import io.shopscale.platform.web.Problems;
import io.shopscale.platform.web.reactive.ReactiveProblemWriter;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * On the public port only the gateway's own health is reachable: not the {@code /actuator} index, not metrics, and
 * never {@code /actuator/gateway} (which could add routes: the CVE-2022-22947 class of problem). Runs before security
 * so that everything else is a plain 404, authenticated or not. A separate management port
 * ({@code management.server.port}) serves the whole exposure list to Prometheus and the orchestrator.
 */
@Component
class ActuatorLockdownFilter implements WebFilter, Ordered, ApplicationListener<WebServerInitializedEvent> {

  private final ReactiveProblemWriter problems;
  private volatile int managementPort = -1;

  ActuatorLockdownFilter(ReactiveProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if ("management".equals(event.getApplicationContext().getServerNamespace())) {
      managementPort = event.getWebServer().getPort();
    }
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    boolean actuator = path.equals("/actuator") || path.startsWith("/actuator/");
    boolean health = path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    if (!actuator || health || onManagementPort(exchange)) {
      return chain.filter(exchange);
    }
    return problems.write(exchange, Problems.of(HttpStatus.NOT_FOUND, "There is nothing at this path."));
  }

  private boolean onManagementPort(ServerWebExchange exchange) {
    var local = exchange.getRequest().getLocalAddress();
    return managementPort > 0 && local != null && local.getPort() == managementPort;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }
}
