package io.shopscale.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for servers this JVM starts. */
final class Ports {

  private Ports() {
  }

  static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
    catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
