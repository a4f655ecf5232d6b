package io.triple.bootstrap.management;

import java.util.ArrayList;
import java.util.List;

/** A bordered text table with centred cells, as Dubbo's QoS {@code ls} prints it. */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();

  TextTable row(String... cells) {
    rows.add(cells);
    return this;
  }

  String render() {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder line = new StringBuilder("+");
    for (int w : width) {
      line.append("-".repeat(w + 2)).append('+');
    }
    line.append('\n');
    StringBuilder out = new StringBuilder(line);
    for (int n = 0; n < rows.size(); n++) {
      out.append('|');
      for (int i = 0; i < columns; i++) {
        String cell = rows.get(n)[i];
        int pad = width[i] - cell.length();
        out.append(' ').append(" ".repeat(pad / 2)).append(cell).append(" ".repeat(pad - pad / 2)).append(" |");
      }
      out.append('\n');
      if (n == 0) {
        out.append(line); // under the header
      }
    }
    return out.append(line).toString();
  }
}
