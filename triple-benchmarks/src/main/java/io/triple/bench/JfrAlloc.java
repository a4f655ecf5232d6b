package io.triple.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes the allocation samples of a JFR recording ({@code jdk.ObjectAllocationSample}, each
 * weighted by the bytes it stands for): {@code JfrAlloc FILE [FRAME_REGEX] [N]} prints the
 * allocation rate over the recording, the top N allocated classes, the top N allocation sites
 * (the first frame whose method matches FRAME_REGEX, with the class allocated: who asked for the
 * object, not the JDK helper that made it), and the top N matching methods by inclusive share.
 * FRAME_REGEX defaults to our, Micrometer's and OpenTelemetry's packages. With the call rate of
 * the same run, rate / calls per second is bytes per call.
 */
public final class JfrAlloc {
  private JfrAlloc() {}

  public static void main(String[] args) throws Exception {
    Path file = Paths.get(args[0]);
    Pattern frames = Pattern.compile(args.length > 1 ? args[1] : "^(io\\.triple|io\\.micrometer|io\\.opentelemetry)\\.");
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 25;
    Map<String, Long> byClass = new HashMap<>();
    Map<String, Long> bySite = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    long total = 0;
    Instant first = null;
    Instant last = null;
    try (RecordingFile rf = new RecordingFile(file)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (!e.getEventType().getName().equals("jdk.ObjectAllocationSample")) {
          continue;
        }
        long w = e.getLong("weight");
        total += w;
        first = first == null || e.getStartTime().isBefore(first) ? e.getStartTime() : first;
        last = last == null || e.getStartTime().isAfter(last) ? e.getStartTime() : last;
        RecordedClass c = e.getClass("objectClass");
        String type = c == null ? "?" : c.getName();
        byClass.merge(type, w, Long::sum);
        RecordedStackTrace st = e.getStackTrace();
        if (st == null) {
          continue;
        }
        List<RecordedFrame> fs = st.getFrames();
        String site = null;
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : fs) {
          String m = f.getMethod().getType().getName() + "." + f.getMethod().getName();
          if (!frames.matcher(m).find()) {
            continue;
          }
          if (site == null) {
            site = m + ":" + f.getLineNumber() + " " + type;
          }
          if (seen.add(m)) {
            inclusive.merge(m, w, Long::sum);
          }
        }
        bySite.merge(site == null ? "(no matching frame) " + type : site, w, Long::sum);
      }
    }
    double seconds = first == null ? 0 : Duration.between(first, last).toMillis() / 1e3;
    System.out.printf(Locale.ROOT, "%s: %.1f MB allocated in %.1f s of samples (%.1f MB/s)%n",
        file, total / 1e6, seconds, seconds > 0 ? total / 1e6 / seconds : 0);
    print("classes", byClass, total, n);
    print("sites (first frame matching " + frames + ")", bySite, total, n);
    print("inclusive (frames matching " + frames + ")", inclusive, total, n);
  }

  private static void print(String title, Map<String, Long> weights, long total, int n) {
    System.out.println("--- " + title);
    weights.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(n)
        .forEach(e -> System.out.printf(Locale.ROOT, "%5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
  }
}
