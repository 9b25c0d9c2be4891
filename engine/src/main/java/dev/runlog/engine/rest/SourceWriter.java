package dev.runlog.engine.rest;

import dev.runlog.engine.schedule.DeclaredSchedules;
import dev.runlog.engine.source.SourceCatalog;
import dev.runlog.engine.source.SourceStatuses;
import dev.runlog.protocol.source.SourceDefinition;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The one way the API changes the sources topic, for the sources and the schedules endpoints alike:
 * each write answers only once this instance's catalog has read it back, so that what the caller
 * does next here (a webhook, a GET) sees it.
 */
final class SourceWriter {
  /** What a source's (and so a schedule's) id may be. */
  static final String ID = "[a-zA-Z0-9._-]{1,200}";

  private static final Duration SEEN = Duration.ofSeconds(10);
  private final Supplier<SourceCatalog> catalog;
  private final SourceStatuses statuses;
  private final EventSender events;

  SourceWriter(Supplier<SourceCatalog> catalog, SourceStatuses statuses, EventSender events) {
    this.catalog = catalog;
    this.statuses = statuses;
    this.events = events;
  }

  /** This instance's catalog; 503 while the engine starts. */
  SourceCatalog catalog() {
    SourceCatalog c = catalog.get();
    if (c == null) {
      throw new ApiError(503, "the engine is starting");
    }
    return c;
  }

  void put(SourceDefinition def) {
    written(events.putSource(def));
  }

  /**
   * Deletes {@code def}, but not a schedule a job declares (409): the engine writes that one from
   * the job's code, and would not write it again until the code changes.
   */
  void delete(SourceDefinition def) {
    if (DeclaredSchedules.isDeclared(def.id())) {
      throw new ApiError(
          409,
          "schedule "
              + def.id()
              + " is declared in the code of its job: remove it there, or pause it");
    }
    written(events.deleteSource(def.id()));
    statuses.forget(def.id());
  }

  /**
   * Pauses or resumes {@code def}. Its spec's time stays: a Kafka source starts the partitions it
   * has no position in yet from it.
   */
  SourceDefinition pause(SourceDefinition def, boolean paused) {
    SourceDefinition now = def.withPaused(paused, def.updatedAt());
    put(now);
    return now;
  }

  private void written(RecordMetadata at) {
    if (!catalog().awaitSeen(at.partition(), at.offset(), SEEN)) {
      throw new ApiError(
          503, "written, but this engine has not read it back within " + SEEN.toSeconds() + " s");
    }
  }
}
