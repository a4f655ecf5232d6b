package io.triple.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.triple.ServiceDefinition;
import io.triple.server.TripleServer;
import io.triple.stub.ServerCalls;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * grpc-java's client PINGs to measure bandwidth (BDP) while it receives DATA, several times a
 * second on a fast stream. Our server's PING policy must not take those for a flood, even when it
 * permits keepalives only every 5 minutes (grpc-java's own server default).
 */
@Timeout(60)
class GrpcClientPingPolicyTest {
  private static final int MESSAGES = 300;
  private static final String CHUNK = "x".repeat(64 * 1024);

  @Test
  void bandwidthPingsDuringALargeDownloadAreNotAFlood() throws Exception {
    TripleServer server = TripleServer.builder().host("127.0.0.1").port(0)
        .permitKeepAliveTime(Duration.ofMinutes(5)).permitKeepAliveWithoutCalls(false)
        .addService(ServiceDefinition.builder(GreeterDescriptors.SERVICE)
            .addMethod(GreeterDescriptors.GREET_SERVER_STREAM, ServerCalls.serverStreamingCall(
                (GreeterRequest req, io.triple.StreamObserver<GreeterReply> out) -> {
                  for (int i = 0; i < MESSAGES; i++) {
                    out.onNext(GreeterReply.newBuilder().setMessage(CHUNK).build());
                  }
                  out.onCompleted();
                }))
            .build())
        .build().start();
    // initialFlowControlWindow: auto-tuned windows, i.e. BDP pings (grpc-java's default too).
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().initialFlowControlWindow(64 * 1024).build();
    try {
      for (int round = 0; round < 3; round++) {
        Iterator<GreeterReply> replies = ClientCalls.blockingServerStreamingCall(
            channel, GreeterDescriptors.GRPC_GREET_SERVER_STREAM, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
            GreeterRequest.newBuilder().setName("big").build());
        int n = 0;
        while (replies.hasNext()) {
          assertEquals(CHUNK.length(), replies.next().getMessage().length());
          n++;
        }
        assertEquals(MESSAGES, n, "round " + round);
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow();
      server.awaitTermination(Duration.ofSeconds(5));
    }
  }
}
