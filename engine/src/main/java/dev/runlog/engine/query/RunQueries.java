package dev.runlog.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.EngineTopology;
import dev.runlog.engine.job.JobRegistry;
import dev.runlog.engine.run.RunInput;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.RunStores;
import dev.runlog.engine.run.TaskState;
import dev.runlog.engine.run.WaitState;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.RunIds;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads runs from the engine's state stores (interactive queries). A run lives in the partition of
 * its id; the stores of that partition are read directly.
 */
public final class RunQueries {
  private final KafkaStreams streams;

  public RunQueries(KafkaStreams streams) {
    this.streams = streams;
  }

  /** The run, or empty when no run has that id. */
  public Optional<RunView> run(String runId) {
    KeyQueryMetadata meta = streams.queryMetadataForKey(RunStores.RUNS, runId, Serdes.String().serializer());
    if (meta == null || meta.partition() < 0) {
      throw new NotReadyException("the engine is not ready to answer queries yet");
    }
    RunState run = store(RunStores.RUNS, meta.partition(), RunState.class).get(runId);
    if (run == null) {
      return Optional.empty();
    }
    RunInput input = store(RunStores.INPUTS, meta.partition(), RunInput.class).get(runId);
    List<TaskState> tasks = RunStores.tasks(store(RunStores.TASKS, meta.partition(), TaskState.class), runId);
    List<WaitState> waits = RunStores.waits(store(RunStores.WAITS, meta.partition(), WaitState.class), runId);
    return Optional.of(view(run, input, tasks, waits));
  }

  /** The runs that event {@code eventId} started: one per job, with ids derived from the event id. */
  public List<RunView> runsOfEvent(String eventId) {
    List<RunView> runs = new ArrayList<>();
    for (JobDefinition job : jobs().all()) {
      run(RunIds.of(eventId, job.id())).ifPresent(runs::add);
    }
    return runs;
  }

  public JobRegistry jobs() {
    ReadOnlyKeyValueStore<String, byte[]> store = streams.store(
        StoreQueryParameters.fromNameAndType(EngineTopology.JOBS_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
    return new JobRegistry(store);
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition, Class<V> type) {
    try {
      return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition));
    } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
      throw new NotReadyException("run stores are not available on this instance right now: " + e.getMessage());
    }
  }

  private static RunView view(RunState run, RunInput input, List<TaskState> tasks, List<WaitState> waits) {
    List<RunView.TaskView> taskViews = tasks.stream().map(t -> new RunView.TaskView(t.key(), t.status().name(), t.attempts(),
        json(t.output()), RunView.Error.of(t.error()), t.startedAt(), t.finishedAt(),
        t.startedAt() == null || t.finishedAt() == null ? null : Duration.between(t.startedAt(), t.finishedAt()).toMillis())).toList();
    return new RunView(run.runId(), run.jobId(), run.jobVersion(), run.status().name(), run.eventId(), run.eventName(),
        input == null ? null : json(input.payload()), input == null ? null : json(input.context()), json(run.output()),
        RunView.Error.of(run.error()), run.execution(), run.createdAt(), run.startedAt(), run.updatedAt(), run.finishedAt(), run.waitingOn(), run.cancelRequested(), taskViews,
        waits.stream().map(w -> new RunView.WaitView(w.key(), w.until(), w.elapsed(), w.requestedAt(), w.elapsedAt())).toList());
  }

  private static JsonNode json(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JsonSerde.MAPPER.readTree(text);
    } catch (IOException e) {
      return JsonSerde.MAPPER.getNodeFactory().textNode(text);
    }
  }

  /** The stores cannot answer now (starting, rebalancing); the caller may try again. */
  public static final class NotReadyException extends RuntimeException {
    public NotReadyException(String message) {
      super(message);
    }
  }
}
