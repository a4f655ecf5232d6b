package io.triple.bench.jmh;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.triple.Status;
import io.triple.bench.proto.Payload;
import io.triple.netty.internal.wire.MessageFramer;
import io.triple.netty.internal.wire.MessageReader;
import io.triple.protobuf.ProtoMarshaller;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** gzip message compression ({@code grpc-encoding: gzip}) on a compressible (text) payload. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompressionBenchmark {
  private static final int MAX = 16 * 1024 * 1024;

  @Param({"1024", "65536"})
  public int size;

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
  private final ProtoMarshaller<Payload> marshaller = ProtoMarshaller.of(Payload.getDefaultInstance());
  private Payload message;
  private ByteBuf compressed;

  @Setup(Level.Trial)
  public void setUp() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < size; i++) {
      text.append("{\"id\":").append(i).append(",\"name\":\"user-").append(i % 97)
          .append("\",\"active\":").append(i % 3 == 0).append("},");
    }
    byte[] body = text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    message = Payload.newBuilder().setBody(ByteString.copyFrom(body)).build();
    compressed = MessageFramer.frame(alloc, marshaller, message, true);
    compressed.skipBytes(5);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    compressed.release();
  }

  /** Serialize, gzip and frame one message. */
  @Benchmark
  public int gzipEncode() {
    ByteBuf b = MessageFramer.frame(alloc, marshaller, message, true);
    int n = b.readableBytes();
    b.release();
    return n;
  }

  /** Gunzip (size-limited) and parse one message body. */
  @Benchmark
  public Payload gzipDecode() {
    return MessageReader.read(
        marshaller, compressed.retainedDuplicate(), true, "gzip", MAX, Status.INTERNAL);
  }
}
