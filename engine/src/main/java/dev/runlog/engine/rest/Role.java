package dev.runlog.engine.rest;

import java.util.Arrays;
import java.util.Locale;

/** What an API key may do. Each role includes the ones before it. */
public enum Role {
  /** Scrape {@code /metrics}, nothing else: the key to give a Prometheus server. */
  METRICS,
  /**
   * Everything {@code METRICS} may, and every {@code GET} of the API: the dashboard and the CLI's
   * reading commands.
   */
  READ,
  /**
   * Everything: also send events, cancel, replay, delete jobs (every route that is not a {@code
   * GET}).
   */
  ADMIN;

  boolean covers(Role needed) {
    return compareTo(needed) >= 0;
  }

  /**
   * How settings, key files and messages spell it: {@code admin}, {@code read}, {@code metrics}.
   */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String text) {
    for (Role role : values()) {
      if (role.text().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role " + text + "; one of " + Arrays.stream(values()).map(Role::text).toList());
  }
}
