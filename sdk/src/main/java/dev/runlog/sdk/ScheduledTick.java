package dev.runlog.sdk;

import java.time.Instant;

/**
 * The payload of a run started by a schedule, for a job that takes it as its payload type: {@code
 * Job.on("report.daily", ScheduledTick.class)}. A schedule's static payload fields come along too;
 * a job that wants them declares its own record with these components and its fields.
 *
 * @param scheduleId the schedule's id ({@code job:<job id>:<n>} for one declared on a job)
 * @param scheduledAt the tick's time, whatever time the run started
 * @param lastFiredAt the time of the tick fired before this one, null the first time
 * @param catchUp true when this run stands for ticks missed while no engine ran
 */
public record ScheduledTick(
    String scheduleId, Instant scheduledAt, Instant lastFiredAt, boolean catchUp) {}
