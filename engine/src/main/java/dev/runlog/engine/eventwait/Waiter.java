package dev.runlog.engine.eventwait;

import java.time.Instant;

/** A run waiting for an event, stored under {@link EventWaitKeys#waiter}. */
public record Waiter(
    String eventName, String shape, String matchKey, String runId, String waitKey, Instant until) {}
