package dev.runlog.protocol.run;

import dev.runlog.protocol.limits.RecordLimits;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * An error raised by user code or by the engine: its kind, message and, where known, stack trace. A
 * message or trace longer than {@link RecordLimits#TEXT_CHARS} is cut: an error must fit in the run
 * event that records it.
 */
public record ErrorInfo(String type, String message, String stackTrace) {
  public ErrorInfo {
    message = message == null ? "" : RecordLimits.cut(message);
    stackTrace = RecordLimits.cut(stackTrace);
  }

  public static ErrorInfo of(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    return new ErrorInfo(
        t.getClass().getName(),
        t.getMessage() == null ? t.toString() : t.getMessage(),
        trace.toString());
  }

  public static ErrorInfo of(String type, String message) {
    return new ErrorInfo(type, message, null);
  }
}
