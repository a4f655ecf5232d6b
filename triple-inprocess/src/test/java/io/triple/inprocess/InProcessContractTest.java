package io.triple.inprocess;

import io.triple.ManagedChannel;
import io.triple.ServerInterceptor;
import io.triple.ServiceDefinition;
import java.util.List;

/** The transport contract over the in-process transport. */
class InProcessContractTest extends TransportContract {
  private InProcessServer server;

  @Override
  ManagedChannel serve(ServiceDefinition service, List<ServerInterceptor> interceptors, Limits limits) {
    server = InProcessServer.builder(InProcessServer.uniqueName())
        .addService(service)
        .intercept(interceptors.toArray(ServerInterceptor[]::new))
        .maxInboundMessageSize(limits.serverMaxInbound())
        .build()
        .start();
    return InProcessChannel.forName(server.name()).maxInboundMessageSize(limits.clientMaxInbound()).build();
  }

  @Override
  void stopServer() {
    if (server != null) {
      server.shutdownNow();
    }
  }
}
