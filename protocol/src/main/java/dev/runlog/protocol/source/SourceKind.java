package dev.runlog.protocol.source;

import java.util.Locale;

/** What a source reads: a topic of the user's cluster, HTTP requests, or the clock. */
public enum SourceKind {
  KAFKA,
  WEBHOOK,
  SCHEDULE;

  /** How the API and the CLI spell it: {@code kafka}, {@code webhook}, {@code schedule}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind spelled {@code text}, in any case.
   *
   * @throws IllegalArgumentException naming the kinds there are
   */
  public static SourceKind parse(String text) {
    for (SourceKind kind : values()) {
      if (text != null && kind.text().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown source kind " + text + "; one of kafka, webhook, schedule");
  }
}
