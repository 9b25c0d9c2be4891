package dev.runlog.sdk;

import java.time.Instant;
import java.util.Map;

/**
 * What a run knows about itself: the run, its job, the event that triggered it, and where it runs.
 *
 * <pre>{@code
 * (payload, io, ctx) -> {
 *   log.info("run {} of {} v{} for event {}", ctx.runId(), ctx.jobId(), ctx.jobVersion(), ctx.eventId());
 *   ...
 * }
 * }</pre>
 *
 * @param execution the sequence number of this execution of the run (1 for the first)
 * @param eventContext the trigger event's {@code context} object, empty when it had none
 * @param environment the worker's configured environment ("dev", "prod", ...)
 * @param organization the worker's configured organization
 */
public record Context(
    String runId,
    String jobId,
    String jobVersion,
    String eventId,
    String eventName,
    Instant eventTimestamp,
    Map<String, Object> eventContext,
    String environment,
    String organization,
    long execution) {

  /**
   * The account the event was sent for: its context's {@code accountId} (a string, or a number as
   * text), or null. A per-account connection, and an auth resolver, go by it.
   *
   * <pre>{@code
   * client.send(Event.of("invoice.paid", invoice).accountId("acme"));
   * // in the run: ctx.account() is "acme"
   * }</pre>
   */
  public String account() {
    return accountOf(eventContext);
  }

  /** The {@code accountId} of an event's context, or null. */
  static String accountOf(Map<String, Object> eventContext) {
    Object id = eventContext == null ? null : eventContext.get("accountId");
    return id instanceof String || id instanceof Number ? id.toString() : null;
  }
}
