package io.shopscale.gateway;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the gateway tests that talk to the gateway over real HTTP with one stub service behind every route. The stub
 * is shared by these classes and lives as long as the test JVM: test classes run one after the other, each test
 * starts with the stub reset, and a context Spring cached for an earlier class still routes to a live stub.
 */
public abstract class AgainstStubService {

  protected static final StubService service = StubService.start();

  @DynamicPropertySource
  static void routeEverythingToTheStub(DynamicPropertyRegistry registry) {
    GatewayTestSupport.routeEverythingTo(registry, service);
  }

  @LocalServerPort
  protected int port;

  protected WebTestClient http;

  @BeforeEach
  void connectWithTheStubReset() {
    http = GatewayTestSupport.client(port);
    service.reset();
  }
}
