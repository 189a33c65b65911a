package io.shopscale.testsupport;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.shopscale.testsupport.ShopScaleInfrastructure.Server;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * One service on its own with only a JDK: {@code ./mvnw -pl <service> spring-boot:test-run} starts the service's
 * {@code Test<Service>Application}, which calls {@link #start}. The servers are the ones the tests use (the machine's
 * when the {@code SHOPSCALE_TEST_*} variables name them, else Testcontainers or embedded ones), and the service trusts
 * the {@link TestJwtIssuer}, so the tokens printed at start-up work with curl for an hour.
 */
public final class TestRun {

  private TestRun() {
  }

  /** Starts {@code application} on real servers and prints how to call it. */
  public static ConfigurableApplicationContext start(Class<?> application, String[] args, Server... servers) {
    Map<String, Object> properties = InfrastructureContextCustomizerFactory.properties(
        "run_" + application.getSimpleName(), Set.of(servers));
    SpringApplication app = new SpringApplication(application);
    // below the command line, so a Test<Service>Application or its caller can still override any of them
    app.addInitializers(context -> {
      MutablePropertySources sources = context.getEnvironment().getPropertySources();
      MapPropertySource addresses = new MapPropertySource("shopscaleTestRun", properties);
      if (sources.contains(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME)) {
        sources.addAfter(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME, addresses);
      }
      else {
        sources.addFirst(addresses);
      }
    });
    ConfigurableApplicationContext context = app.run(args);
    printHowToCall(context, System.out);
    return context;
  }

  private static void printHowToCall(ConfigurableApplicationContext context, PrintStream out) {
    String port = context.getEnvironment().getProperty("local.server.port", "?");
    String name = context.getEnvironment().getProperty("spring.application.name", "the service");
    TestJwtIssuer issuer = TestJwtIssuer.get();
    if (!issuer.jwksUri().toString().equals(context.getEnvironment().getProperty("shopscale.security.jwt.jwks-uri"))) {
      // it trusts its own keys (user-service): its tokens come from its own login
      out.printf("%n%s is up on http://localhost:%s (health: /actuator/health)%n%n", name, port);
      return;
    }
    Instant expires = Instant.now().plus(Duration.ofHours(1));
    out.printf("""

        %s is up on http://localhost:%s (health: /actuator/health). Tokens valid until %s:
          customer: %s
          admin:    %s
        e.g. curl -H "Authorization: Bearer <token>" http://localhost:%s/api/...

        """, name, port, expires,
        issuer.token().subject("test-run-customer").expiresAt(expires).sign(),
        issuer.token().subject("test-run-admin").roles("CUSTOMER", "ADMIN").expiresAt(expires).sign(), port);
  }
}
