package dev.runlog.sdk;

/** Where {@link Kafka#send} wrote a record: the output of its task, kept for replays. */
public record RecordWritten(String topic, int partition, long offset) {}
