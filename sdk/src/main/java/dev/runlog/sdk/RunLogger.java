package dev.runlog.sdk;

import java.util.Map;
import java.util.Objects;

/**
 * Log lines kept with the run, shown by the API, the CLI and the dashboard. A line written again
 * when the run is replayed is kept once.
 *
 * <pre>{@code
 * io.logger().info("charged", Map.of("amount", 42, "currency", "EUR"));
 * io.logger().warn("slow answer");
 * }</pre>
 */
public final class RunLogger {
  private final Sink sink;

  RunLogger(Sink sink) {
    this.sink = sink;
  }

  public void info(String message) {
    sink.log("INFO", message, null);
  }

  public void info(String message, Map<String, ?> fields) {
    sink.log("INFO", message, fields);
  }

  public void warn(String message) {
    sink.log("WARN", message, null);
  }

  public void warn(String message, Map<String, ?> fields) {
    sink.log("WARN", message, fields);
  }

  public void error(String message) {
    sink.log("ERROR", message, null);
  }

  public void error(String message, Map<String, ?> fields) {
    sink.log("ERROR", message, fields);
  }

  /** Where lines go: the run's {@link Io}, which knows where in the run they are written. */
  interface Sink {
    void log(String level, String message, Map<String, ?> fields);
  }

  static String requireMessage(String message) {
    return Objects.requireNonNull(message, "message");
  }
}
