package dev.runlog.sdk;

import dev.runlog.protocol.job.JobDefinition;
import java.time.Instant;
import java.util.Objects;

/**
 * A job: code that runs for every trigger event named {@link #eventName()}.
 *
 * <pre>{@code
 * record Star(String login, String repo) {}
 *
 * Job<Star> stars = Job.define("github-stars", "new.star", Star.class, (star, io, ctx) -> {
 *   Profile p = io.runTask("profile", () -> github.user(star.login()));
 *   io.runTask("⭐️ New Star", () -> slack.post("@" + p.name() + " starred " + star.repo()));
 *   return p.name();
 * });
 * }</pre>
 *
 * @param <P> the payload type; the trigger's JSON payload is read into it
 */
public final class Job<P> {
  private final String id;
  private final String version;
  private final String eventName;
  private final Class<P> payloadType;
  private final JobFunction<P> function;
  private final String queue;

  private Job(String id, String version, String eventName, Class<P> payloadType, JobFunction<P> function, String queue) {
    this.id = requireText(id, "id");
    this.version = requireText(version, "version");
    this.eventName = requireText(eventName, "eventName");
    this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
    this.function = Objects.requireNonNull(function, "function");
    this.queue = queue == null ? JobDefinition.DEFAULT_QUEUE : queue;
  }

  /** A job with id {@code id}, version "1", running {@code function} on events named {@code eventName}. */
  public static <P> Job<P> define(String id, String eventName, Class<P> payloadType, JobFunction<P> function) {
    return new Job<>(id, "1", eventName, payloadType, function, null);
  }

  /** This job with another version label (shown on its runs). */
  public Job<P> version(String newVersion) {
    return new Job<>(id, newVersion, eventName, payloadType, function, queue);
  }

  /** This job on another queue: its runs go to that queue's executions topic and its workers. */
  public Job<P> queue(String newQueue) {
    return new Job<>(id, version, eventName, payloadType, function, newQueue);
  }

  public String id() {
    return id;
  }

  public String version() {
    return version;
  }

  public String eventName() {
    return eventName;
  }

  public Class<P> payloadType() {
    return payloadType;
  }

  public String queue() {
    return queue;
  }

  JobFunction<P> function() {
    return function;
  }

  /** The definition a worker registers on the jobs topic. */
  public JobDefinition definition(Instant registeredAt, String workerId) {
    return new JobDefinition(id, version, eventName, queue, null, null, null, null, null, null, null, null, registeredAt, workerId);
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a job needs a non-empty " + name);
    }
    return value;
  }
}
