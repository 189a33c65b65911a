package io.shopscale.gateway.edge;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Which address a request comes from. {@code X-Forwarded-For} is believed only when the peer is a configured
 * proxy, and then only up to the first hop that is not one: anything further left was written by the client.
 */
@Component
public class ClientAddresses {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final List<Block> trusted;

  public ClientAddresses(EdgeSettings settings) {
    this.trusted = settings.trustedProxies().stream().map(Block::parse).toList();
  }

  /** The client's IP address as text; "unknown" only when the server did not tell the peer's address. */
  public String clientIp(ServerHttpRequest request) {
    InetAddress client = client(request);
    return client != null ? client.getHostAddress() : "unknown";
  }

  /**
   * The address a limit counts against: an IPv4 address, or the /64 network of an IPv6 one. A /64 is what one
   * subscriber gets and every host in it picks its own addresses at will, so per /128 one machine would have 2^64
   * budgets.
   */
  public String rateLimitKey(ServerHttpRequest request) {
    InetAddress client = client(request);
    if (client == null) {
      return "unknown";
    }
    if (client instanceof Inet6Address) {
      byte[] network = client.getAddress();
      Arrays.fill(network, 8, 16, (byte) 0);
      try {
        return InetAddress.getByAddress(network).getHostAddress() + "/64";
      }
      catch (UnknownHostException ex) {
        throw new IllegalStateException("16 bytes are an IPv6 address", ex);
      }
    }
    return client.getHostAddress();
  }

  private @Nullable InetAddress client(ServerHttpRequest request) {
    InetAddress peer = peer(request);
    if (peer == null) {
      return null;
    }
    InetAddress client = peer;
    if (isTrusted(peer)) {
      List<String> hops = request.getHeaders().getValuesAsList("X-Forwarded-For");
      for (int i = hops.size() - 1; i >= 0; i--) {
        InetAddress hop = literal(hops.get(i));
        if (hop == null) {
          break; // garbage: the hop before it is the last address we can vouch for
        }
        client = hop;
        if (!isTrusted(hop)) {
          break;
        }
      }
    }
    return client;
  }

  /** Whether the peer is one of our proxies, so its {@code X-Forwarded-*} headers tell the truth. */
  public boolean fromTrustedProxy(ServerHttpRequest request) {
    InetAddress peer = peer(request);
    return peer != null && isTrusted(peer);
  }

  private boolean isTrusted(InetAddress address) {
    return trusted.stream().anyMatch(block -> block.contains(address));
  }

  private static @Nullable InetAddress peer(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    return remote != null ? remote.getAddress() : null;
  }

  // Only literals: InetAddress.getByName would resolve a host name from a header through DNS.
  static @Nullable InetAddress literal(String text) {
    String candidate = text.trim();
    if (!IPV4.matcher(candidate).matches() && !IPV6.matcher(candidate).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(candidate);
    }
    catch (UnknownHostException ex) {
      return null;
    }
  }

  private record Block(byte[] network, int prefix) {

    static Block parse(String cidr) {
      String[] parts = cidr.trim().split("/", 2);
      InetAddress address = literal(parts[0]);
      if (address == null) {
        throw new IllegalArgumentException("Not an IP address or CIDR block: " + cidr);
      }
      int bits = address.getAddress().length * 8;
      int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("Bad prefix length in " + cidr);
      }
      return new Block(address.getAddress(), prefix);
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
