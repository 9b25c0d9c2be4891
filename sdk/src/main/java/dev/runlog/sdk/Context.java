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
    long execution) {}
