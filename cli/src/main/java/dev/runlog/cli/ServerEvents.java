package dev.runlog.cli;

import java.util.Iterator;
import java.util.function.Predicate;

/**
 * Reads a Server-Sent Events stream, the part of the format the engine writes: {@code event:} and
 * {@code data:} lines, an empty line that ends an event, {@code :} comments (heartbeats). Written
 * here rather than taken from a library: these twenty lines are all the CLI needs of one.
 */
final class ServerEvents {
  private ServerEvents() {}

  /** One event: its name ({@code message} when it has none) and its data lines joined by \n. */
  record Event(String name, String data) {}

  /** Gives each event of {@code lines} to {@code events} until they end or it returns false. */
  static void read(Iterator<String> lines, Predicate<Event> events) {
    String name = null;
    StringBuilder data = null;
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.isEmpty()) {
        if (data != null
            && !events.test(new Event(name == null ? "message" : name, data.toString()))) {
          return;
        }
        name = null;
        data = null;
      } else if (!line.startsWith(":")) {
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        value = value.startsWith(" ") ? value.substring(1) : value;
        if (field.equals("event")) {
          name = value;
        } else if (field.equals("data")) {
          data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
      }
    }
  }
}
