package dev.runlog.sdk;

import dev.runlog.protocol.run.ChildResult;
import dev.runlog.protocol.run.ErrorInfo;

/**
 * Thrown by {@link Io#invokeAndWait} when the child run did not succeed: it failed, was canceled,
 * timed out, its payload did not match its job's schema, or its job is not registered. Uncaught, it
 * fails the parent run; caught, the parent goes on.
 *
 * <pre>{@code
 * try {
 *   Thumb t = io.invokeAndWait("thumb", "resize", image, Duration.ofMinutes(5), Thumb.class);
 * } catch (ChildRunTimeoutException e) {
 *   // the child did not end within 5 minutes; it may still be running
 * } catch (ChildRunFailedException e) {
 *   io.runTask("alert", () -> alerts.send(e.childRunId() + " ended " + e.status()));
 * }
 * }</pre>
 */
public class ChildRunFailedException extends RuntimeException {
  private final String key;
  private final String childRunId;
  private final String status;
  private final ErrorInfo error;

  ChildRunFailedException(String key, ChildResult result) {
    this(
        key,
        result.runId(),
        result.status(),
        result.error(),
        "child run "
            + result.runId()
            + " of invoke '"
            + key
            + "' ended "
            + result.status()
            + (result.error() == null ? "" : ": " + result.error().message()));
  }

  ChildRunFailedException(
      String key, String childRunId, String status, ErrorInfo error, String message) {
    super(message);
    this.key = key;
    this.childRunId = childRunId;
    this.status = status;
    this.error = error;
  }

  /** The invoke's key in the parent run. */
  public String key() {
    return key;
  }

  /** The child run's id (null when no child could be made). */
  public String childRunId() {
    return childRunId;
  }

  /**
   * How the child ended: {@code FAILURE}, {@code CANCELED}, {@code TIMED_OUT}, {@code
   * INVALID_PAYLOAD}, {@code UNKNOWN_JOB}; null when the wait timed out and it is not known yet.
   */
  public String status() {
    return status;
  }

  /** The child's error (type and message), null when none is known. */
  public ErrorInfo error() {
    return error;
  }
}
