package dev.runlog.engine.topology;

import dev.runlog.engine.eventwait.BufferWindow;
import dev.runlog.engine.eventwait.BufferedEvent;
import dev.runlog.engine.eventwait.SeenShape;
import dev.runlog.engine.eventwait.Shape;
import dev.runlog.engine.eventwait.WaitMessage;
import dev.runlog.engine.eventwait.Waiter;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.timer.Timer;
import dev.runlog.protocol.run.RunEventBody.EventWaitRequested;
import dev.runlog.protocol.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The event-waits topic and what goes on it: the matcher ({@link EventWaitProcessor}) with its
 * stores, and the messages the run and trigger processors send it.
 */
public final class EventWaits {
  public static final String SINK = "event-waits-sink";

  private EventWaits() {}

  /** The topic of {@link WaitMessage}s, keyed by event name. */
  public static String topic(Topics topics) {
    return topics.prefix() + ".event-waits";
  }

  /**
   * Adds the matcher to {@code topology}: its source, its stores and the sink the trigger and run
   * processors write to (add {@link EventWaitProcessor#NAME} to the run-events and dead-letters
   * sinks' parents).
   */
  static void addTo(
      org.apache.kafka.streams.Topology topology,
      Topics topics,
      BufferWindow window,
      Duration tick,
      CommitPacer pacer,
      RunCounters counters) {
    topology.addSource(
        EventWaitProcessor.NAME + "-source",
        Serdes.String().deserializer(),
        EventWaitProcessor.MESSAGES.deserializer(),
        topic(topics));
    topology.addProcessor(
        EventWaitProcessor.NAME,
        () -> new EventWaitProcessor(window, tick, pacer, counters),
        EventWaitProcessor.NAME + "-source");
    topology.addStateStore(store(EventWaitProcessor.SHAPES, Shape.class), EventWaitProcessor.NAME);
    topology.addStateStore(
        store(EventWaitProcessor.WAITERS, Waiter.class), EventWaitProcessor.NAME);
    topology.addStateStore(
        store(EventWaitProcessor.BUFFER, BufferedEvent.class), EventWaitProcessor.NAME);
    topology.addStateStore(store(EventBuffer.INDEX, String.class), EventWaitProcessor.NAME);
    topology.addStateStore(store(EventBuffer.SEEN, SeenShape.class), EventWaitProcessor.NAME);
    topology.addStateStore(
        store(EventWaitProcessor.EXPIRIES, Timer.class), EventWaitProcessor.NAME);
    topology.addStateStore(
        store(EventWaitProcessor.DELAYED, WaitMessage.Occurred.class), EventWaitProcessor.NAME);
    topology.addSink(
        SINK,
        topic(topics),
        Serdes.String().serializer(),
        (t, value) -> EventWaitProcessor.MESSAGES.serializer().serialize(t, (WaitMessage) value),
        "triggers",
        "runs");
  }

  private static <V> org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<String, V>> store(
      String name, Class<V> type) {
    return org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name),
        Serdes.String(),
        new JsonSerde<>(type));
  }

  /** The registration of a wait the run processor accepted, for the event-waits sink. */
  static Record<Object, Object> registration(RunState run, EventWaitRequested w, Instant now) {
    WaitMessage.Register register =
        new WaitMessage.Register(
            w.eventName(),
            w.filter(),
            run.runId(),
            w.key(),
            w.until(),
            run.createdAt(),
            run.eventId());
    return new Record<>(w.eventName() == null ? "" : w.eventName(), register, now.toEpochMilli());
  }

  /** What the matcher forgets of a wait for an event whose run expired while it waited. */
  static Record<Object, Object> unregistration(
      String runId, dev.runlog.engine.run.WaitState wait, Instant now) {
    return new Record<>(
        wait.eventName(),
        new WaitMessage.Unregister(wait.eventName(), wait.filter(), runId, wait.key()),
        now.toEpochMilli());
  }

  /**
   * An event the trigger processor read for the first time at {@code now}, for the event-waits
   * sink. A delayed event counts from its delivery time, as the runs it starts do.
   */
  static Record<Object, Object> occurred(dev.runlog.protocol.trigger.TriggerEvent e, Instant now) {
    Instant counts = e.deliverAt() != null && e.deliverAt().isAfter(now) ? e.deliverAt() : now;
    return new Record<>(
        e.name(),
        new WaitMessage.Occurred(e.id(), e.name(), e.payload(), e.context(), e.timestamp(), counts),
        now.toEpochMilli());
  }
}
