package dev.runlog.engine.topology;

import dev.runlog.engine.connection.ConnectionDirectory;
import dev.runlog.engine.eventwait.BufferWindow;
import dev.runlog.engine.retention.Retention;
import dev.runlog.engine.source.SourceStatuses;
import dev.runlog.protocol.topic.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link EngineTopology#build} builds the topology from. The first five have no default: the
 * engine passes the counters its metrics read, the watch its queries wait on, the pacer of its
 * processing guarantee and the tick of its configuration. The rest default to what an engine
 * without configuration runs with, and the {@code with…} methods return a copy with one changed:
 *
 * <pre>{@code
 * Topology topology =
 *     EngineTopology.build(
 *         TopologyOptions.of(topics, counters, Duration.ofMillis(100), CommitPacer.off(), watch)
 *             .withRetention(Retention.FOREVER)
 *             .withConnections(connections));
 * }</pre>
 *
 * @param timerTick how often the wall-clock punctuators fire timers and check waits
 * @param retention how long finished runs are kept; default {@link Retention#DEFAULT}
 * @param eventWaitBuffer how long events are kept for waits not asked for yet; default {@link
 *     BufferWindow#DEFAULT}
 * @param sourceStatuses where the schedules report their states; default null: nowhere
 * @param connections the managed connections that exist; default {@link ConnectionDirectory#NONE}:
 *     a run of a job that needs one waits until an engine with its catalog runs it
 * @param liveRuns runs whose progress the run processor keeps in memory ({@link RunProgress});
 *     default {@link RunProgress#DEFAULT_RUNS}
 */
public record TopologyOptions(
    Topics topics,
    RunCounters counters,
    Duration timerTick,
    CommitPacer pacer,
    RunWatch watch,
    Retention retention,
    BufferWindow eventWaitBuffer,
    SourceStatuses sourceStatuses,
    ConnectionDirectory connections,
    int liveRuns) {
  public TopologyOptions {
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(counters, "counters");
    Objects.requireNonNull(timerTick, "timerTick");
    Objects.requireNonNull(pacer, "pacer");
    Objects.requireNonNull(watch, "watch");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(eventWaitBuffer, "eventWaitBuffer");
    Objects.requireNonNull(connections, "connections");
  }

  /** The options with every default. */
  public static TopologyOptions of(
      Topics topics, RunCounters counters, Duration timerTick, CommitPacer pacer, RunWatch watch) {
    return new TopologyOptions(
        topics,
        counters,
        timerTick,
        pacer,
        watch,
        Retention.DEFAULT,
        new BufferWindow(BufferWindow.DEFAULT),
        null,
        ConnectionDirectory.NONE,
        RunProgress.DEFAULT_RUNS);
  }

  public TopologyOptions withRetention(Retention newRetention) {
    return new TopologyOptions(
        topics,
        counters,
        timerTick,
        pacer,
        watch,
        newRetention,
        eventWaitBuffer,
        sourceStatuses,
        connections,
        liveRuns);
  }

  public TopologyOptions withEventWaitBuffer(BufferWindow newBuffer) {
    return new TopologyOptions(
        topics,
        counters,
        timerTick,
        pacer,
        watch,
        retention,
        newBuffer,
        sourceStatuses,
        connections,
        liveRuns);
  }

  public TopologyOptions withSourceStatuses(SourceStatuses newStatuses) {
    return new TopologyOptions(
        topics,
        counters,
        timerTick,
        pacer,
        watch,
        retention,
        eventWaitBuffer,
        newStatuses,
        connections,
        liveRuns);
  }

  public TopologyOptions withConnections(ConnectionDirectory newConnections) {
    return new TopologyOptions(
        topics,
        counters,
        timerTick,
        pacer,
        watch,
        retention,
        eventWaitBuffer,
        sourceStatuses,
        newConnections,
        liveRuns);
  }

  /**
   * Package-private: only tests change it, to make the run processor rebuild progress it dropped
   * (the canonical constructor is public, as a record's must be, but nothing outside uses it).
   */
  TopologyOptions withLiveRuns(int newLiveRuns) {
    return new TopologyOptions(
        topics,
        counters,
        timerTick,
        pacer,
        watch,
        retention,
        eventWaitBuffer,
        sourceStatuses,
        connections,
        newLiveRuns);
  }
}
