package io.triple.tests.badinput;

import static io.triple.tests.badinput.RawH2Client.frame;
import static io.triple.tests.badinput.RawH2Client.grpcHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.server.TripleServer;
import io.triple.tests.interop.TripleGreeterService;
import java.util.ArrayList;
import java.util.List;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How responses are cut into DATA frames, seen by a raw HTTP/2 client. With many streams
 * answering at once, a message just over 1 KiB must still leave in one DATA frame: Netty's
 * default outbound distributor gives each stream 1 KiB per round and split every such message
 * in two (twice the frames for both ends to handle).
 */
class ResponseFramingTest {
  /** 32 answers of ~1.1 KiB stay inside the raw client's 64 KiB connection window. */
  private static final int STREAMS = 32;
  private static TripleServer server;

  @BeforeAll
  static void startServer() {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(new TripleGreeterService().definition())
        .build().start();
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(java.time.Duration.ofSeconds(5));
  }

  @Test
  void messagesJustOverOneKibLeaveInOneDataFrameEach() throws Exception {
    byte[] request = frame(GreeterRequest.newBuilder().setName("n".repeat(1100)).build().toByteArray());
    try (RawH2Client raw = new RawH2Client(server.port())) {
      List<RawH2Client.Exchange> exchanges = new ArrayList<>();
      for (int i = 0; i < STREAMS; i++) {
        exchanges.add(raw.send(grpcHeaders(BadInputTest.GREET), request));
      }
      for (RawH2Client.Exchange ex : exchanges) {
        ex.await();
        assertEquals("0", ex.grpcStatus());
        int size = ex.data.size();
        assertTrue(size > 1100 && size < 16 * 1024, "response size " + size);
        assertEquals(1, ex.dataFrames, "DATA frames for a " + size + "-byte response");
      }
    }
  }
}
