package io.triple.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.ClientInterceptor;
import io.triple.ConnectionListener;
import io.triple.ServerInterceptor;
import io.triple.bootstrap.spi.DubboExtension;
import io.triple.config.RootConfig;
import io.triple.interceptor.AccessLogInterceptor;
import io.triple.interceptor.TokenCredentials;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DubboExtension: activated once, interceptors in front of every chain, closed at shutdown. */
class ExtensionsTest {
  private final List<String> events = new ArrayList<>();

  private DubboExtension extension(String name, ServerInterceptor server, ClientInterceptor client, boolean fail) {
    return new DubboExtension() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Active activate(RootConfig config) {
        events.add("activate " + name);
        if (fail) {
          throw new IllegalStateException(name + " failed");
        }
        if (server == null && client == null) {
          return null; // off
        }
        return new Active() {
          @Override
          public List<ServerInterceptor> serverInterceptors() {
            return server == null ? List.of() : List.of(server);
          }

          @Override
          public List<ClientInterceptor> clientInterceptors() {
            return client == null ? List.of() : List.of(client);
          }

          @Override
          public void close() {
            events.add("close " + name);
          }
        };
      }
    };
  }

  @Test
  void activatedOnceAndTheirInterceptorsComeFirst() {
    ServerInterceptor server = new AccessLogInterceptor();
    ClientInterceptor client = new TokenCredentials("t");
    Extensions extensions = new Extensions();
    extensions.add(extension("a", server, client, false));
    extensions.add(extension("off", null, null, false));
    RootConfig cfg = RootConfig.builder().build();
    extensions.activate(cfg, null);
    extensions.activate(cfg, null);
    assertEquals(List.of("activate a", "activate off"), events);

    InterceptorChains chains = new InterceptorChains(extensions);
    List<ServerInterceptor> chain = chains.forService(cfg, null, null, "test.Echo");
    assertSame(server, chain.get(0));
    assertEquals(1, chain.size());
    assertThrows(IllegalStateException.class, () -> extensions.add(extension("late", server, null, false)));

    extensions.close();
    extensions.close();
    assertEquals(List.of("activate a", "activate off", "close a"), events);
  }

  @Test
  void aFailureClosesThoseAlreadyRunning() {
    Extensions extensions = new Extensions();
    extensions.add(extension("a", new AccessLogInterceptor(), null, false));
    extensions.add(extension("b", null, null, true));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> extensions.activate(RootConfig.builder().build(), null));
    assertEquals("b failed", e.getMessage());
    assertEquals(List.of("activate a", "activate b", "close a"), events);
    assertTrue(extensions.serverInterceptors().isEmpty());
  }

  @Test
  void theirClientConnectionListenersAreOneForTheReferencesChannels() {
    Extensions none = new Extensions();
    none.add(extension("a", new AccessLogInterceptor(), null, false));
    none.activate(RootConfig.builder().build(), null);
    assertNull(none.clientConnectionListener(), "none given: the channels get no listener");
    events.clear();

    Extensions two = new Extensions();
    two.add(clientListening("x"));
    two.add(clientListening("y"));
    two.activate(RootConfig.builder().build(), null);
    assertNull(two.connectionListener(), "the servers' listeners are others");
    ConnectionListener combined = two.clientConnectionListener();
    combined.connectionOpened(null);
    combined.bytesReceived(3);
    combined.bytesSent(5);
    combined.streamBlocked();
    combined.streamReceiveBlocked();
    combined.connectionClosed(null);
    assertEquals(List.of("x opened", "y opened", "x received 3", "y received 3", "x sent 5", "y sent 5",
        "x blocked", "y blocked", "x held back", "y held back", "x closed", "y closed"), events);
  }

  /** An extension with a client connection listener that records what it hears. */
  private DubboExtension clientListening(String name) {
    ConnectionListener listener = new ConnectionListener() {
      @Override
      public void connectionOpened(java.net.SocketAddress remote) {
        events.add(name + " opened");
      }

      @Override
      public void connectionClosed(java.net.SocketAddress remote) {
        events.add(name + " closed");
      }

      @Override
      public void bytesReceived(long bytes) {
        events.add(name + " received " + bytes);
      }

      @Override
      public void bytesSent(long bytes) {
        events.add(name + " sent " + bytes);
      }

      @Override
      public void streamBlocked() {
        events.add(name + " blocked");
      }

      @Override
      public void streamReceiveBlocked() {
        events.add(name + " held back");
      }
    };
    return new DubboExtension() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Active activate(RootConfig config) {
        return new Active() {
          @Override
          public List<ConnectionListener> clientConnectionListeners() {
            return List.of(listener);
          }
        };
      }
    };
  }
}
