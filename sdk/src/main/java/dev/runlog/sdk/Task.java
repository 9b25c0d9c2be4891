package dev.runlog.sdk;

/**
 * The body of a task: the code with side effects that must not run again once it has completed.
 *
 * @param <T> its output, stored as JSON
 */
@FunctionalInterface
public interface Task<T> {
  T call() throws Exception;
}
