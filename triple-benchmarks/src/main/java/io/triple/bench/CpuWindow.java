package io.triple.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
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
  private final CountDownLatch read = new CountDownLatch(1);

  private CpuWindow() {}

  /** Starts reading at {@code startNanos} and {@code endNanos}; {@code pid} is the other process. */
  static CpuWindow start(long pid, long startNanos, long endNanos) {
    CpuWindow w = new CpuWindow();
    Thread t = new Thread(() -> {
      parkUntil(startNanos);
      w.self[0] = selfNanos();
      w.other[0] = procNanos(pid);
      parkUntil(endNanos);
      w.self[1] = selfNanos();
      w.other[1] = procNanos(pid);
      w.read.countDown();
    }, "cpu-window");
    t.setDaemon(true);
    t.start();
    return w;
  }

  /** {this JVM's CPU nanoseconds in the window, the other process's}, once both are read. */
  long[] await() throws InterruptedException {
    if (!read.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("CPU window not read");
    }
    return new long[] {self[1] - self[0], other[1] - other[0]};
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
      String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
      // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
