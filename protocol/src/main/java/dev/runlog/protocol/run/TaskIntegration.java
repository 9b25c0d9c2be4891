package dev.runlog.protocol.run;

import java.util.Objects;

/**
 * The integration a task called, so that REST and the dashboard can show it as such.
 *
 * @param kind what it talks to: {@code slack}, {@code http}, {@code kafka}, or a custom kind
 * @param name the name the job declared it under (its connection's name)
 * @param operation what it did, e.g. {@code postMessage}
 */
public record TaskIntegration(String kind, String name, String operation) {
  public TaskIntegration {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(operation, "operation");
  }
}
