package io.triple.inprocess;

import io.triple.ManagedChannel;
import io.triple.ServerInterceptor;
import io.triple.ServiceDefinition;
import io.triple.client.TripleChannel;
import io.triple.server.TripleServer;
import java.time.Duration;
import java.util.List;

/** The transport contract over triple-netty (HTTP/2 on loopback): the reference behaviour. */
class NettyContractTest extends TransportContract {
  private TripleServer server;

  @Override
  ManagedChannel serve(ServiceDefinition service, List<ServerInterceptor> interceptors, Limits limits) {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(service)
        .intercept(interceptors.toArray(ServerInterceptor[]::new))
        .maxInboundMessageSize(limits.serverMaxInbound())
        .build()
        .start();
    return TripleChannel.forAddress("127.0.0.1", server.port())
        .maxInboundMessageSize(limits.clientMaxInbound()).build();
  }

  @Override
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.shutdownNow();
      server.awaitTermination(Duration.ofSeconds(10));
    }
  }
}
