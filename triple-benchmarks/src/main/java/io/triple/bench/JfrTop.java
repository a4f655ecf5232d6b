package io.triple.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes the CPU samples of a JFR recording (e.g. from {@code bench/run.sh --jfr DIR}): {@code
 * JfrTop FILE [THREAD_REGEX] [N]} prints samples per thread, the top N self frames and the top N
 * methods by inclusive share (a method counted once per sample however deep it recurs), and the
 * share of each package (three levels) counting the first frame below the JDK's own ({@code java.},
 * {@code jdk.}, {@code sun.}): who spent the time, a JDK method counted to its caller.
 */
public final class JfrTop {
  private JfrTop() {}

  public static void main(String[] args) throws Exception {
    Path file = Paths.get(args[0]);
    Pattern threads = Pattern.compile(args.length > 1 ? args[1] : ".*");
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    Map<String, Integer> perThread = new HashMap<>();
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> packages = new HashMap<>();
    int samples = 0;
    try (RecordingFile rf = new RecordingFile(file)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedThread t = e.getThread("sampledThread");
        String thread = t == null ? "?" : String.valueOf(t.getJavaName()).replaceAll("\\d+", "N");
        if (!threads.matcher(thread).find()) {
          continue;
        }
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        perThread.merge(thread, 1, Integer::sum);
        List<RecordedFrame> frames = st.getFrames();
        self.merge(name(frames.get(0)), 1, Integer::sum);
        packages.merge(owner(frames), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
          String m = name(f);
          if (seen.add(m)) {
            inclusive.merge(m, 1, Integer::sum);
          }
        }
      }
    }
    System.out.println(file + ": " + samples + " CPU samples (threads matching " + threads + ")");
    print("threads", perThread, samples, n);
    print("self (top frame)", self, samples, n);
    print("inclusive", inclusive, samples, n);
    print("packages (first non-JDK frame)", packages, samples, n);
  }

  /** The first three package levels of the first frame outside the JDK ("jdk" if all are in it). */
  private static String owner(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String type = f.getMethod().getType().getName();
      if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
        continue;
      }
      String[] parts = type.split("\\.");
      return String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
    }
    return "jdk";
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static void print(String title, Map<String, Integer> counts, int total, int n) {
    System.out.println("--- " + title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(n)
        .forEach(
            e ->
                System.out.printf(
                    java.util.Locale.ROOT, "%5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
  }
}
