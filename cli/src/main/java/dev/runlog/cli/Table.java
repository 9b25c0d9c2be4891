package dev.runlog.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows printed as left-aligned columns two spaces apart, so that both eyes and {@code awk} can read
 * them.
 */
final class Table {
  private final List<String[]> rows = new ArrayList<>();

  Table(String... headers) {
    rows.add(headers);
  }

  /** Adds a row; a null cell prints as "-" so that columns never go missing for {@code awk}. */
  Table row(String... cells) {
    String[] row = new String[rows.get(0).length];
    for (int i = 0; i < row.length; i++) {
      row[i] = i < cells.length && cells[i] != null && !cells[i].isEmpty() ? cells[i] : Cells.NONE;
    }
    rows.add(row);
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(
            i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
