package dev.runlog.protocol.job;

/**
 * Exponential back-off: the delay before attempt n+1 is {@code min(maxDelay, minDelay * factor^(n-1))},
 * optionally randomized. {@code limit} counts every attempt, the first included.
 */
public record RetryPolicy(int limit, double factor, long minDelayMillis, long maxDelayMillis, boolean randomize) {}
