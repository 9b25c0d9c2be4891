package dev.runlog.sdk;

import java.time.Duration;

/**
 * Thrown by {@link Io#invokeAndWait} when the child run did not end within the timeout. The child
 * is left running; its end is no longer given to the parent.
 */
public final class ChildRunTimeoutException extends ChildRunFailedException {
  ChildRunTimeoutException(String key, String childRunId, Duration timeout) {
    super(
        key,
        childRunId,
        null,
        null,
        "child run "
            + childRunId
            + " of invoke '"
            + key
            + "' did not end within "
            + (timeout == null ? "its timeout" : timeout.toString()));
  }
}
