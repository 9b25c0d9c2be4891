package dev.runlog.protocol.deadletter;

import java.time.Instant;

/** A record the engine could not use, kept on {@code dead-letters} with the reason. */
public record DeadLetter(
    String reason,
    String sourceTopic,
    int sourcePartition,
    long sourceOffset,
    byte[] originalKey,
    byte[] originalValue,
    Instant timestamp) {}
