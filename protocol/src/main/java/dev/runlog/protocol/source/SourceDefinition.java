package dev.runlog.protocol.source;

import java.time.Instant;
import java.util.Objects;

/**
 * One source as kept on the compacted {@code sources} topic: what it is, whether it is paused, and
 * its kind's settings as JSON text ({@code spec}). Secrets are never in it: a spec names where a
 * secret comes from (an environment variable, an engine setting).
 */
public record SourceDefinition(
    String id, SourceKind kind, boolean paused, String spec, Instant updatedAt) {
  public SourceDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The same source, paused or resumed at {@code at}. */
  public SourceDefinition withPaused(boolean nowPaused, Instant at) {
    return new SourceDefinition(id, kind, nowPaused, spec, at);
  }
}
