package io.shopscale.user;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes the service under test verify tokens with its own JWKS, as it does in production, instead of the test
 * issuer's that {@code @ShopScaleInfrastructure} injects. The JWKS URI is fixed before the server starts, so the
 * port is chosen here; use with {@code webEnvironment = DEFINED_PORT}. Runs after the infrastructure's context
 * customizer, so its property source, added first, wins.
 */
public class OwnJwks implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    int port = freePort();
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("ownJwks", Map.of(
        "server.port", String.valueOf(port),
        "shopscale.security.jwt.jwks-uri", "http://127.0.0.1:" + port + "/.well-known/jwks.json")));
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
