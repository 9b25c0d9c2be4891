package dev.runlog.sdk;

/**
 * The body of a task with no output: {@code io.runTask("notify", () -> slack.post(text))}. Its
 * stored output is null; a function's return value, if it has one, is ignored.
 */
@FunctionalInterface
public interface VoidTask {
  void run() throws Exception;
}
