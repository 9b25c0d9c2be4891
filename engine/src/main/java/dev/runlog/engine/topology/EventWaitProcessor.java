package dev.runlog.engine.topology;

import dev.runlog.engine.deadletter.DeadLetters;
import dev.runlog.engine.eventwait.BufferWindow;
import dev.runlog.engine.eventwait.BufferedEvent;
import dev.runlog.engine.eventwait.EventFields;
import dev.runlog.engine.eventwait.EventFilter;
import dev.runlog.engine.eventwait.EventWaitKeys;
import dev.runlog.engine.eventwait.Shape;
import dev.runlog.engine.eventwait.WaitMessage;
import dev.runlog.engine.eventwait.Waiter;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.store.Staging;
import dev.runlog.engine.timer.Alarm;
import dev.runlog.engine.timer.Timer;
import dev.runlog.engine.timer.TimerStore;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches events to the runs waiting for them. The event-waits topic is keyed by event name, so
 * this processor sees every waiter and every event of a name; the run processor sends it a {@link
 * WaitMessage.Register} per accepted {@code EventWaitRequested}, the trigger processor a {@link
 * WaitMessage.Occurred} per event read for the first time, each in the transaction of the record
 * that caused it.
 *
 * <p>No scan of waiters per event: waiters are indexed under (name, shape, match key) (see {@link
 * EventFilter}), and an event looks up one key per shape that its name's waiters use. Every waiter
 * an event matches is resolved ({@code WaitResolved} with the event on its run's log) and
 * forgotten.
 *
 * <p>Events are also kept for the {@link BufferWindow} ({@link EventBuffer}): a run that asks to
 * wait after its event came (it was busy with a task) gets the first match read since its creation
 * (or the window's start), found by its key in the buffer's index when its shape was asked with
 * lately. Expired buffer entries and waiters past their time-out leave through an ordered index of
 * due times ({@link TimerStore}), never a full scan.
 *
 * <p>Bad input never stops the engine: a filter that cannot be evaluated sends its registration to
 * dead letters with the reason, and resolves the wait with an error that run() throws; anything
 * that throws here goes to dead letters too, the stores left as they were.
 */
public final class EventWaitProcessor implements Processor<String, WaitMessage, Object, Object> {
  public static final String NAME = "event-waits";
  public static final String SHAPES = "event-wait-shapes";
  public static final String WAITERS = "event-waiters";
  public static final String BUFFER = EventBuffer.EVENTS;
  public static final String EXPIRIES = "event-wait-expiries";

  /** Delayed events, until their delivery time. */
  public static final String DELAYED = "event-wait-delayed";

  private static final Logger LOG = LoggerFactory.getLogger(EventWaitProcessor.class);
  private static final int PER_TICK = 1_000;
  private static final Serializer<String> KEYS = Serdes.String().serializer();
  static final JsonSerde<WaitMessage> MESSAGES = new JsonSerde<>(WaitMessage.class);

  private final BufferWindow window;
  private final Duration tick;
  private final CommitPacer pacer;
  private final RunCounters counters;
  private final Staging staging = new Staging();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, Shape> shapes;
  private KeyValueStore<String, Waiter> waiters;
  private EventBuffer buffer;
  private KeyValueStore<String, WaitMessage.Occurred> delayed;
  private TimerStore expiries;

  public EventWaitProcessor(
      BufferWindow window, Duration tick, CommitPacer pacer, RunCounters counters) {
    this.window = window;
    this.tick = tick;
    this.pacer = pacer;
    this.counters = counters;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.shapes = staging.stage(context.getStateStore(SHAPES));
    this.waiters = staging.stage(context.getStateStore(WAITERS));
    this.expiries = new TimerStore(staging.stage(context.getStateStore(EXPIRIES)));
    this.delayed = staging.stage(context.getStateStore(DELAYED));
    this.buffer =
        new EventBuffer(
            window,
            staging.stage(context.getStateStore(BUFFER)),
            staging.stage(context.getStateStore(EventBuffer.INDEX)),
            staging.stage(context.getStateStore(EventBuffer.SEEN)),
            expiries);
    Alarm.forTimers(context, tick, expiries, this::expire);
  }

  @Override
  public void process(Record<String, WaitMessage> record) {
    pacer.arrived(context, record.timestamp());
    WaitMessage message = record.value();
    if (message == null) {
      return;
    }
    RuntimeException failed =
        staging.attempt(
            context,
            () -> {
              if (message instanceof WaitMessage.Register r) {
                register(record, r);
              } else if (message instanceof WaitMessage.Occurred o) {
                occurred(o);
              } else if (message instanceof WaitMessage.Unregister u) {
                unregister(u);
              }
            });
    if (failed != null) {
      String reason = DeadLetters.sendFailed(context, key(record), bytes(message), failed);
      counters.processingError();
      LOG.error("event wait message sent to dead letters: {}", reason, failed);
    }
  }

  private void register(Record<String, WaitMessage> record, WaitMessage.Register r) {
    Instant now = now();
    EventFilter filter;
    try {
      if (r.runId() == null || r.waitKey() == null) {
        throw new EventFilter.BadFilter("a registration needs a run id and a wait key");
      }
      if (r.eventName() == null || r.eventName().isEmpty() || r.eventName().indexOf(0) >= 0) {
        throw new EventFilter.BadFilter("an event wait needs an event name: " + r.eventName());
      }
      filter = EventFilter.parse(r.filter());
    } catch (EventFilter.BadFilter e) {
      reject(record, r, e.getMessage());
      return;
    }
    if (r.until() != null && !r.until().isAfter(now)) {
      return; // timed out already: the run's own wait timer says so
    }
    String shape = filter.shape();
    String matchKey = filter.matchKey();
    Optional<BufferedEvent> early = buffer.firstMatch(r, shape, matchKey, now);
    if (early.isPresent()) {
      resolve(r.runId(), r.waitKey(), early.get().result(), now);
      return;
    }
    Waiter waiter = new Waiter(r.eventName(), shape, matchKey, r.runId(), r.waitKey(), r.until());
    String key = EventWaitKeys.waiter(waiter);
    if (waiters.get(key) == null) {
      String shapeKey = EventWaitKeys.shape(r.eventName(), shape);
      Shape known = shapes.get(shapeKey);
      shapes.put(shapeKey, known == null ? new Shape(r.eventName(), shape, 1) : known.plusOne());
    }
    waiters.put(key, waiter);
    if (r.until() != null) {
      expiries.add(Timer.wait(key, "", r.until()));
    }
  }

  private void unregister(WaitMessage.Unregister u) {
    EventFilter filter;
    try {
      filter = EventFilter.parse(u.filter());
    } catch (EventFilter.BadFilter e) {
      return; // never registered
    }
    Waiter w =
        new Waiter(u.eventName(), filter.shape(), filter.matchKey(), u.runId(), u.waitKey(), null);
    String key = EventWaitKeys.waiter(w);
    Waiter stored = waiters.get(key);
    if (stored != null) {
      forget(key, stored);
    }
  }

  private void occurred(WaitMessage.Occurred o) {
    Instant now = now();
    if (o.receivedAt().isAfter(now)) { // delayed: held until it is delivered
      String key = EventWaitKeys.buffered(BufferedEvent.of(o));
      delayed.put(key, o);
      expiries.add(Timer.deliver(key, o.receivedAt()));
      return;
    }
    EventFields fields = EventFields.of(o.payload(), o.context());
    buffer.add(o, fields, now);
    List<Shape> known = new ArrayList<>();
    try (KeyValueIterator<String, Shape> it =
        shapes.prefixScan(EventWaitKeys.shapesOf(o.name()), KEYS)) {
      it.forEachRemaining(kv -> known.add(kv.value));
    }
    if (known.isEmpty()) {
      return;
    }
    String result = BufferedEvent.of(o).result();
    for (Shape shape : known) {
      Optional<String> matchKey = fields.matchKey(shape.shape());
      if (matchKey.isEmpty()) {
        continue;
      }
      List<KeyValue<String, Waiter>> matched = new ArrayList<>();
      try (KeyValueIterator<String, Waiter> it =
          waiters.prefixScan(
              EventWaitKeys.waitersOf(o.name(), shape.shape(), matchKey.get()), KEYS)) {
        it.forEachRemaining(matched::add);
      }
      for (KeyValue<String, Waiter> kv : matched) {
        resolve(kv.value.runId(), kv.value.waitKey(), result, now);
        forget(kv.key, kv.value);
      }
    }
  }

  /** Drops waiters past their time-out and events past the window, at most {@link #PER_TICK}. */
  private void expire(long wallClockMs) {
    Instant now = Instant.ofEpochMilli(wallClockMs);
    List<Timer> due = expiries.takeDue(now, PER_TICK);
    staging.writeOut(context);
    for (Timer timer : due) {
      RuntimeException failed =
          staging.attempt(
              context,
              () -> {
                if (timer.kind() == Timer.Kind.DELIVER) {
                  WaitMessage.Occurred o = delayed.get(timer.runId());
                  delayed.put(timer.runId(), null);
                  if (o != null) {
                    occurred(o);
                  }
                } else if (timer.kind() != Timer.Kind.WAIT) {
                  buffer.expire(timer, now);
                } else {
                  Waiter w = waiters.get(timer.runId());
                  if (w != null && w.until() != null && !w.until().isAfter(now)) {
                    forget(timer.runId(), w);
                  }
                }
              });
      if (failed != null) {
        LOG.error(
            "event wait expiry of {} failed: {}", timer.runId(), DeadLetters.describe(failed));
      }
    }
  }

  private void forget(String key, Waiter w) {
    waiters.put(key, null);
    String shapeKey = EventWaitKeys.shape(w.eventName(), w.shape());
    Shape shape = shapes.get(shapeKey);
    shapes.put(shapeKey, shape == null ? null : shape.minusOne());
  }

  /** A registration that cannot be evaluated: dead letters, and the wait ends with the error. */
  private void reject(Record<String, WaitMessage> record, WaitMessage.Register r, String why) {
    String reason = "event wait '" + r.waitKey() + "' of run " + r.runId() + ": " + why;
    LOG.warn("registration sent to dead letters: {}", reason);
    DeadLetters.send(context, key(record), bytes(r), reason);
    staging.afterwards(counters::deadLetter);
    if (r.runId() != null && r.waitKey() != null) {
      resolve(r.runId(), r.waitKey(), BufferedEvent.errorResult(why), now());
    }
  }

  private void resolve(String runId, String waitKey, String result, Instant now) {
    RunEvent resolved = RunEvent.engine(runId, now, new RunEventBody.WaitResolved(waitKey, result));
    staging.forward(
        EngineTopology.runEventRecord(resolved, now.toEpochMilli(), false),
        EngineTopology.RUN_EVENTS_SINK);
    pacer.wrote(context);
  }

  private Instant now() {
    return Instant.ofEpochMilli(context.currentSystemTimeMs());
  }

  private static byte[] key(Record<String, WaitMessage> record) {
    return record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(WaitMessage message) {
    return MESSAGES.serializer().serialize(null, message);
  }
}
