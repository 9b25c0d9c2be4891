package dev.runlog.sdk;

/**
 * A job's code: called for each run, and called again (replayed) whenever the run resumes. Every
 * side effect goes inside {@link Io#runTask}; everything else must be deterministic.
 *
 * @param <P> the payload type
 */
@FunctionalInterface
public interface JobFunction<P> {
  /**
   * @return the run's output, stored as JSON (null for none)
   */
  Object run(P payload, Io io, Context ctx) throws Exception;
}
