package io.triple.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time and voluntary context switches of a process's threads, summed per kind of thread
 * (the name without its trailing numbers), read from Linux's /proc. A voluntary switch is a
 * thread going to sleep for want of work: per call, it counts the wake-ups (thread hand-offs)
 * the call costs. Empty where /proc is missing.
 */
final class ProcThreads {
  private ProcThreads() {}

  /** Kind of thread to {CPU nanoseconds, voluntary context switches}. {@code pid}: "self" or a number. */
  static Map<String, long[]> byKind(String pid) {
    Map<String, long[]> kinds = new TreeMap<>();
    Path tasks = Path.of("/proc", pid, "task");
    if (!Files.isDirectory(tasks)) {
      return kinds;
    }
    long nanosPerTick = 1_000_000_000L / 100; // USER_HZ is 100 on Linux
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
      for (Path task : dir) {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          String stat = Files.readString(task.resolve("stat"));
          // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * nanosPerTick;
          long switches = 0;
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
              switches = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
          long[] sum = kinds.computeIfAbsent(kind(name), k -> new long[2]);
          sum[0] += cpu;
          sum[1] += switches;
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      // the process ended meanwhile: what was read so far
    }
    return kinds;
  }

  static String kind(String threadName) {
    // Pool threads differ only in their trailing numbers; /proc cuts names at 15 characters,
    // which may leave a trailing separator.
    return threadName.replaceAll("[-#]?\\d+", "").replaceAll("[-#]$", "");
  }

  /** Voluntary switches of {@code kind} (a full thread name's kind, cut to /proc's 15 characters) between two readings. */
  static long wakes(Map<String, long[]> before, Map<String, long[]> after, String kind) {
    String key = kind(kind.length() > 15 ? kind.substring(0, 15) : kind);
    long[] a = after.get(key);
    long[] b = before.get(key);
    return a == null ? 0 : a[1] - (b == null ? 0 : b[1]);
  }

  /** Prints, per kind of thread busy over 1% of a core, CPU and wakes per call. */
  static void print(Map<String, long[]> before, Map<String, long[]> after, long calls, String unit, long measureMs) {
    after.forEach((kind, a) -> {
      long[] b = before.getOrDefault(kind, new long[2]);
      long cpu = a[0] - b[0];
      if (cpu * 100 > measureMs * 1_000_000L) {
        printLine(kind, cpu, a[1] - b[1], calls, unit);
      }
    });
  }

  /** One kind of thread's line: CPU and wakes per call. */
  static void printLine(String kind, long cpuNanos, long wakes, long calls, String unit) {
    System.out.printf(Locale.ROOT, "  %-24s %8.2f us/%s %6.2f wakes/%s%n", kind,
        cpuNanos / 1000.0 / calls, unit, wakes / (double) calls, unit);
  }
}
