package io.shopscale.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.EventLoop;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * The scheduler of the Netty event loop that serves a request's connection. Lettuce answers on its own event loop,
 * and whatever a Redis reply triggers runs there: the rest of the filter chain, the upstream call, and the response's
 * way back to a connection owned by another loop (the gateway's largest item in JFR, docs/benchmarks.md). Back on the
 * request's own loop, Reactor Netty's client takes its connection from that loop as well, so the request never
 * leaves it again.
 */
@Component
class ConnectionEventLoops {

  // one per event loop, a handful: a Scheduler built per request would run Reactor's decorator hooks each time
  private final Map<EventLoop, Scheduler> schedulers = new ConcurrentHashMap<>();

  /** The request's event loop; Reactor's parallel scheduler on a server other than Reactor Netty's. */
  Scheduler of(ServerWebExchange exchange) {
    if (ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection connection) {
      // time-capable too (an EventLoop is a ScheduledExecutorService), so timeouts can tick on it
      return schedulers.computeIfAbsent(connection.channel().eventLoop(), Schedulers::fromExecutorService);
    }
    return Schedulers.parallel();
  }
}
