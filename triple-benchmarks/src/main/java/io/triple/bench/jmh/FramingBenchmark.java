package io.triple.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.triple.Status;
import io.triple.bench.Payloads;
import io.triple.bench.proto.Payload;
import io.triple.netty.internal.wire.MessageDeframer;
import io.triple.netty.internal.wire.MessageFramer;
import io.triple.netty.internal.wire.MessageReader;
import io.triple.protobuf.ProtoMarshaller;
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

/**
 * gRPC message framing as the transport does it: {@link MessageFramer} (serialize with the 5-byte
 * prefix) and {@link MessageDeframer} + {@link MessageReader} (split and parse). Lives in the
 * transport's package to reach its package-private classes; it is compiled only with -Pbench.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FramingBenchmark {
  private static final int MAX = 16 * 1024 * 1024;

  @Param({"0", "1024", "65536"})
  public int size;

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
  private final ProtoMarshaller<Payload> marshaller = ProtoMarshaller.of(Payload.getDefaultInstance());
  private Payload message;
  private ByteBuf framed;
  private ByteBuf framedFirstHalf;
  private ByteBuf framedSecondHalf;
  private MessageDeframer deframer;

  @Setup(Level.Trial)
  public void setUp() {
    message = Payloads.ofSize(size);
    framed = MessageFramer.frame(alloc, marshaller, message, false);
    int half = framed.readableBytes() / 2;
    framedFirstHalf = framed.retainedSlice(0, half);
    framedSecondHalf = framed.retainedSlice(half, framed.readableBytes() - half);
    deframer = new MessageDeframer(alloc, MAX);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    deframer.release();
    framedFirstHalf.release();
    framedSecondHalf.release();
    framed.release();
  }

  /** Serialize and frame one message into a new buffer. */
  @Benchmark
  public int encode() {
    ByteBuf b = MessageFramer.frame(alloc, marshaller, message, false);
    int n = b.readableBytes();
    b.release();
    return n;
  }

  /** Deframe one message that arrived in one DATA frame, then parse it. */
  @Benchmark
  public Payload decode() throws Exception {
    deframer.add(framed.retainedDuplicate());
    MessageDeframer.Frame f = deframer.next();
    return MessageReader.read(marshaller, f.body(), f.compressed(), null, MAX, Status.INTERNAL);
  }

  /** Deframe one message that arrived split over two DATA frames, then parse it. */
  @Benchmark
  public Payload decodeSplit() throws Exception {
    deframer.add(framedFirstHalf.retainedDuplicate());
    MessageDeframer.Frame f = deframer.next();
    if (f != null) {
      throw new AssertionError("half a message deframed");
    }
    deframer.add(framedSecondHalf.retainedDuplicate());
    f = deframer.next();
    return MessageReader.read(marshaller, f.body(), f.compressed(), null, MAX, Status.INTERNAL);
  }
}
