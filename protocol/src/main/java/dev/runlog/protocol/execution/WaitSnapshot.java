package dev.runlog.protocol.execution;

import java.time.Instant;

/** A durable wait as the engine knows it at dispatch. */
public record WaitSnapshot(String key, Instant until, boolean elapsed) {}
