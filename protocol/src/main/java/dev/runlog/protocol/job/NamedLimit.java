package dev.runlog.protocol.job;

/** A concurrency limit shared by every job that names it. */
public record NamedLimit(String name, int limit) {}
