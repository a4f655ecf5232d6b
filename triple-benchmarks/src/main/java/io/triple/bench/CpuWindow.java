package io.triple.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU time this JVM and another process (the server) spent between two instants of {@link
 * System#nanoTime()}: the start and end of a measured window. Read on a thread of its own, so the
 * readings fall at the window's edges whatever the load loop is doing; divided by the calls
 * completed in the same window it is CPU per call, which a machine whose speed drifts changes far
 * less than it changes calls per second.
 *
 * <p>This JVM's time comes from {@code com.sun.management.OperatingSystemMXBean} (nanoseconds);
 * the other process's from {@code /proc/PID/stat} (utime + stime, Linux only, in clock ticks of
 * 10 ms: {@code CLK_TCK} is 100 on every Linux this runs on), about 0.5% of a window of a few
 * seconds at half a core.
 */
final class CpuWindow {
  private static final long NANOS_PER_TICK = 10_000_000L;

  private final long[] self = new long[2];
  private final long[] other = new long[2];
  /** The JIT compiler threads' share of self and other: {selfStart, selfEnd, otherStart, otherEnd}. */
  private final long[] jit = new long[4];
  private final CountDownLatch read = new CountDownLatch(1);

  private CpuWindow() {}

  /** Starts reading at {@code startNanos} and {@code endNanos}; {@code pid} is the other process. */
  static CpuWindow start(long pid, long startNanos, long endNanos) {
    CpuWindow w = new CpuWindow();
    Thread t = new Thread(() -> {
      long me = ProcessHandle.current().pid();
      parkUntil(startNanos);
      w.self[0] = selfNanos();
      w.other[0] = procNanos(pid);
      w.jit[0] = jitNanos(me);
      w.jit[2] = jitNanos(pid);
      parkUntil(endNanos);
      w.self[1] = selfNanos();
      w.other[1] = procNanos(pid);
      w.jit[1] = jitNanos(me);
      w.jit[3] = jitNanos(pid);
      w.read.countDown();
    }, "cpu-window");
    t.setDaemon(true);
    t.start();
    return w;
  }

  /**
   * {this JVM's CPU nanoseconds in the window, the other process's, and of those the JIT
   * compiler threads' in this JVM and in the other}, once all are read.
   */
  long[] await() throws InterruptedException {
    if (!read.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("CPU window not read");
    }
    return new long[] {self[1] - self[0], other[1] - other[0], jit[1] - jit[0], jit[3] - jit[2]};
  }

  private static void parkUntil(long nanos) {
    for (long left; (left = nanos - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(left);
    }
  }

  static long selfNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** utime + stime of process {@code pid}, in nanoseconds; -1 if it cannot be read. */
  static long procNanos(long pid) {
    try {
      return statNanos(Paths.get("/proc", Long.toString(pid), "stat"));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * utime + stime of the JIT compiler threads of process {@code pid} (HotSpot's "C1 CompilerThread"
   * and "C2 CompilerThread", Linux only), in nanoseconds; 0 if they cannot be read. A window in
   * which they ran measured a JVM still compiling: its CPU per call includes the compiler's work,
   * and the compiler took cores from the calls.
   */
  static long jitNanos(long pid) {
    long sum = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc", Long.toString(pid), "task"))) {
      for (Path t : tasks) {
        try {
          String comm = Files.readString(t.resolve("comm"));
          if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            sum += statNanos(t.resolve("stat"));
          }
        } catch (IOException | RuntimeException e) {
          // a thread that ended between the listing and the read
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return sum;
  }

  private static long statNanos(Path stat) throws IOException {
    String s = Files.readString(stat);
    // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
  }
}
