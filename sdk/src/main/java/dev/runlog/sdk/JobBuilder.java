package dev.runlog.sdk;

/**
 * The steps of {@link Job#on} and {@link Job#named}: a job's id, then the event it runs on, then
 * its code. Each step takes one string, so an id and an event name cannot be swapped silently.
 *
 * <pre>{@code
 * Job<Star> stars = Job.named("github-stars").on("new.star", Star.class).run((star, io) -> {
 *   io.runTask("⭐️ New Star", () -> slack.post("@" + star.login() + " starred " + star.repo()));
 * });
 * }</pre>
 */
public final class JobBuilder {
  private final String id;

  JobBuilder(String id) {
    this.id = id;
  }

  /**
   * Runs the job for every trigger event named {@code eventName}, its JSON payload read into {@code
   * payloadType} (whose JSON Schema the engine checks, see {@link PayloadSchemas}).
   */
  public <P> On<P> on(String eventName, Class<P> payloadType) {
    return new On<>(id, eventName, payloadType);
  }

  /** A job with its id and event, waiting for its code. */
  public static final class On<P> {
    private final String id;
    private final String eventName;
    private final Class<P> payloadType;

    private On(String id, String eventName, Class<P> payloadType) {
      this.id = id;
      this.eventName = eventName;
      this.payloadType = payloadType;
    }

    /** The job, running {@code body}, which returns nothing: the run's output is null. */
    public Job<P> run(Body<P> body) {
      return Job.of(
              id,
              eventName,
              payloadType,
              (payload, io, ctx) -> {
                body.run(payload, io);
                return null;
              })
          .retry(Job.DEFAULT_RETRY);
    }

    /** The job, running {@code body}, whose return value is the run's output (stored as JSON). */
    public Job<P> call(Call<P> body) {
      return Job.of(id, eventName, payloadType, (payload, io, ctx) -> body.call(payload, io))
          .retry(Job.DEFAULT_RETRY);
    }
  }

  /**
   * A job's code with no output; replayed whenever the run resumes, so every side effect goes
   * inside {@link Io#runTask}. The run's {@link Context} is {@code io.context()}.
   */
  @FunctionalInterface
  public interface Body<P> {
    void run(P payload, Io io) throws Exception;
  }

  /** A job's code whose return value is the run's output: {@link Body} with a result. */
  @FunctionalInterface
  public interface Call<P> {
    Object call(P payload, Io io) throws Exception;
  }
}
