package dev.runlog.engine.topology;

import dev.runlog.engine.job.JobChanges;
import dev.runlog.engine.schedule.ScheduleState;
import dev.runlog.engine.source.SourceStatuses;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The schedules' part of the topology: the {@code sources} topic in, the {@link ScheduleProcessor}
 * with its stores, and its sinks: trigger events to the triggers topic (where they start runs like
 * any other event), and the sources of the schedules jobs declare back to the sources topic.
 */
final class Schedules {
  private Schedules() {}

  /**
   * Adds the schedule processor to {@code topology} (add {@link ScheduleProcessor#NAME} to the
   * dead-letters sink's parents).
   */
  static void addTo(
      Topology topology,
      Topics topics,
      Duration tick,
      CommitPacer pacer,
      RunCounters counters,
      SourceStatuses statuses,
      JobChanges jobChanges) {
    topology.addSource(
        ScheduleProcessor.NAME + "-source",
        Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer(),
        topics.sources().name());
    topology.addProcessor(
        ScheduleProcessor.NAME,
        () -> new ScheduleProcessor(tick, pacer, counters, statuses, jobChanges),
        ScheduleProcessor.NAME + "-source");
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ScheduleProcessor.STORE),
            Serdes.String(),
            new JsonSerde<>(ScheduleState.class)),
        ScheduleProcessor.NAME);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ScheduleProcessor.DECLARED),
            Serdes.String(),
            Serdes.String()),
        ScheduleProcessor.NAME);
    topology.addSink(
        ScheduleProcessor.TRIGGERS_SINK,
        topics.triggers().name(),
        Serdes.String().serializer(),
        (topic, value) -> Codecs.TRIGGER_EVENT.encode((TriggerEvent) value),
        ScheduleProcessor.NAME);
    topology.addSink(
        ScheduleProcessor.SOURCES_SINK,
        topics.sources().name(),
        Serdes.String().serializer(),
        (topic, value) ->
            value == null ? null : Codecs.SOURCE_DEFINITION.encode((SourceDefinition) value),
        ScheduleProcessor.NAME);
  }
}
