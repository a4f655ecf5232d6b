package io.triple.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the soak must never see, in one direction of one call or summed over many: messages lost,
 * duplicated, reordered (arrived after a later one), corrupted (body does not match its CRC) or
 * misrouted (of another call, or beyond the call's count). The provider sends its findings to the
 * client as a DATA_LOSS status described by {@link #describe()}.
 */
record Violations(long lost, long duplicated, long reordered, long corrupt, long misrouted) {
  static final Violations NONE = new Violations(0, 0, 0, 0, 0);

  private static final String PREFIX = "soak violation:";
  private static final Pattern DESCRIBED =
      Pattern.compile(
          Pattern.quote(PREFIX)
              + " lost=(\\d+) duplicated=(\\d+) reordered=(\\d+) corrupt=(\\d+) misrouted=(\\d+)");

  long total() {
    return lost + duplicated + reordered + corrupt + misrouted;
  }

  Violations plus(Violations o) {
    return new Violations(lost + o.lost, duplicated + o.duplicated, reordered + o.reordered,
        corrupt + o.corrupt, misrouted + o.misrouted);
  }

  String describe() {
    return PREFIX + " lost=" + lost + " duplicated=" + duplicated + " reordered=" + reordered
        + " corrupt=" + corrupt + " misrouted=" + misrouted;
  }

  /** The violations a status description reports, or null if it is not a soak violation. */
  static Violations parse(String description) {
    if (description == null) {
      return null;
    }
    Matcher m = DESCRIBED.matcher(description);
    if (!m.find()) {
      return null;
    }
    return new Violations(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
        Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
  }

  /** "lost / duplicated / reordered / corrupt / misrouted" as a table cell. */
  String cell() {
    return lost + " / " + duplicated + " / " + reordered + " / " + corrupt + " / " + misrouted;
  }
}
