package dev.runlog.protocol.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The errors of one validation, in the order found. Capped, so that a huge bad payload neither
 * makes a huge run record nor costs a full walk: once past the cap, validation stops descending.
 */
final class Problems {
  private final int limit;
  private final List<String> messages = new ArrayList<>();
  private boolean overflowed;

  Problems(int limit) {
    this.limit = limit;
  }

  void add(Path path, String message) {
    if (messages.size() >= limit) {
      overflowed = true;
    } else {
      messages.add(path.render() + ": " + message);
    }
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  /**
   * Whether an error was dropped for the cap; walks stop here, since nothing more can be listed.
   */
  boolean overflowed() {
    return overflowed;
  }

  List<String> messages() {
    return messages;
  }

  /**
   * Where a value sits in the payload: {@code $}, {@code $.order.lines[2].sku}, {@code $['first
   * name']}. A linked list, rendered only when an error is reported, so a valid payload costs no
   * strings.
   */
  record Path(Path parent, String property, int index) {
    static final Path ROOT = new Path(null, null, -1);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    Path property(String name) {
      return new Path(this, name, -1);
    }

    Path index(int i) {
      return new Path(this, null, i);
    }

    String render() {
      return append(new StringBuilder()).toString();
    }

    private StringBuilder append(StringBuilder out) {
      if (parent == null) {
        return out.append('$');
      }
      parent.append(out);
      if (property == null) {
        return out.append('[').append(index).append(']');
      }
      if (IDENTIFIER.matcher(property).matches()) {
        return out.append('.').append(property);
      }
      return out.append("['")
          .append(property.replace("\\", "\\\\").replace("'", "\\'"))
          .append("']");
    }
  }
}
