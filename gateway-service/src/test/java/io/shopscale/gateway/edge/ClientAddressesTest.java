package io.shopscale.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.util.unit.DataSize;

class ClientAddressesTest {

  private final ClientAddresses addresses = new ClientAddresses(
      new EdgeSettings(List.of("10.0.0.0/8", "192.168.1.7"), DataSize.ofMegabytes(1), Duration.ofDays(1)));

  @Test
  void directClientsAreTheirPeerAddressWhateverTheyClaim() {
    assertThat(addresses.clientIp(from("203.0.113.5", "198.51.100.1"))).isEqualTo("203.0.113.5");
  }

  @Test
  void behindATrustedProxyTheClientIsTheRightmostUntrustedHop() {
    // the client wrote 1.1.1.1 itself; 198.51.100.1 is what our first proxy saw
    assertThat(addresses.clientIp(from("10.0.0.2", "1.1.1.1, 198.51.100.1, 10.0.0.9"))).isEqualTo("198.51.100.1");
    assertThat(addresses.clientIp(from("192.168.1.7", "198.51.100.2"))).isEqualTo("198.51.100.2");
  }

  @Test
  void aTrustedProxyWithoutForwardedForIsTheClient() {
    assertThat(addresses.clientIp(from("10.0.0.2", null))).isEqualTo("10.0.0.2");
  }

  @Test
  void hostNamesAndGarbageInForwardedForAreNeverResolvedNorBelieved() {
    assertThat(addresses.clientIp(from("10.0.0.2", "evil.example, 10.0.0.3"))).isEqualTo("10.0.0.3");
    assertThat(ClientAddresses.literal("localhost")).isNull();
    assertThat(ClientAddresses.literal("abc")).isNull();
  }

  @Test
  void onlyConfiguredProxiesAreTrusted() {
    assertThat(addresses.fromTrustedProxy(from("10.255.0.1", null))).isTrue();
    assertThat(addresses.fromTrustedProxy(from("11.0.0.1", null))).isFalse();
    assertThat(addresses.fromTrustedProxy(from("192.168.1.8", null))).isFalse();
  }

  @Test
  void ipv6ClientsAreLimitedPerSlash64AndIpv4PerAddress() {
    // given: two hosts of one /64 (a subscriber picks any of its 2^64 addresses) and a host of the next /64
    String host = addresses.rateLimitKey(from("2001:db8:1:2:aaaa::1", null));
    String neighbour = addresses.rateLimitKey(from("2001:db8:1:2:ffff:1:2:3", null));
    String nextNetwork = addresses.rateLimitKey(from("2001:db8:1:3::1", null));
    // then
    assertThat(host).isEqualTo(neighbour).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(nextNetwork).isNotEqualTo(host);
    assertThat(addresses.rateLimitKey(from("10.0.0.2", "2001:db8:9:9::5"))).isEqualTo("2001:db8:9:9:0:0:0:0/64");
    assertThat(addresses.rateLimitKey(from("203.0.113.5", null))).isEqualTo("203.0.113.5");
  }

  @Test
  void badProxyConfigurationFailsAtStartUp() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddresses(
        new EdgeSettings(List.of("proxy.internal"), DataSize.ofMegabytes(1), Duration.ofDays(1))));
  }

  private static MockServerHttpRequest from(String peer, String forwardedFor) {
    var request = MockServerHttpRequest.get("/api/products").remoteAddress(new InetSocketAddress(peer, 40000));
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    return request.build();
  }
}
