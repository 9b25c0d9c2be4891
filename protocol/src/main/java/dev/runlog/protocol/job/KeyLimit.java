package dev.runlog.protocol.job;

/**
 * At most {@code limit} runs of a job execute at once per value of the payload field at {@code
 * path} (dotted, e.g. {@code tenantId} or {@code customer.id}): one tenant's queue never holds up
 * another's.
 */
public record KeyLimit(String path, int limit) {}
