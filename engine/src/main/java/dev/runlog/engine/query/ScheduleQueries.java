package dev.runlog.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.schedule.ScheduleState;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.topology.ScheduleProcessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the schedules' timers from the {@code schedules} stores: each instance holds those of its
 * partitions of the {@code sources} topic, so a listing asks every instance (schedules are few).
 */
public final class ScheduleQueries {
  private final KafkaStreams streams;
  private final HostInfo self;
  private final Peers peers;

  ScheduleQueries(KafkaStreams streams, HostInfo self, Peers peers) {
    this.streams = streams;
    this.self = self;
    this.peers = peers;
  }

  /**
   * Every schedule's state, by id.
   *
   * @param localOnly this instance's part only (for the instance that gathers them)
   */
  public List<ScheduleState> all(boolean localOnly) {
    List<ScheduleState> all = new ArrayList<>();
    var instances = streams.streamsMetadataForStore(ScheduleProcessor.STORE);
    if (instances.isEmpty() && !localOnly) {
      throw new RunQueries.NotReadyException("the engine is not ready to answer queries yet");
    }
    for (StreamsMetadata instance : instances) {
      if (instance.hostInfo().equals(self)) {
        for (int partition : partitions(instance)) {
          try (var it = store(partition).all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
          }
        }
      } else if (!localOnly) {
        JsonNode remote =
            peers.get(instance.hostInfo(), Peers.path("api", "internal", "schedules"));
        if (remote != null) {
          for (JsonNode node : remote.path("schedules")) {
            all.add(convert(node));
          }
        }
      }
    }
    all.sort(Comparator.comparing(ScheduleState::id));
    return all;
  }

  private static List<Integer> partitions(StreamsMetadata instance) {
    return instance.topicPartitions().stream()
        .filter(tp -> tp.topic().endsWith(".sources"))
        .map(tp -> tp.partition())
        .distinct()
        .toList();
  }

  private ReadOnlyKeyValueStore<String, ScheduleState> store(int partition) {
    try {
      return streams.store(
          StoreQueryParameters.fromNameAndType(
                  ScheduleProcessor.STORE,
                  QueryableStoreTypes.<String, ScheduleState>keyValueStore())
              .withPartition(partition));
    } catch (InvalidStateStoreException e) {
      throw new RunQueries.NotReadyException(
          "state stores are not available on this instance right now: " + e.getMessage());
    }
  }

  private static ScheduleState convert(JsonNode node) {
    try {
      return JsonSerde.MAPPER.treeToValue(node, ScheduleState.class);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read another instance's schedule: " + e, e);
    }
  }
}
