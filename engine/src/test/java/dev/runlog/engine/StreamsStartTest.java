package dev.runlog.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsStartTest {
  private final List<State> seen = new ArrayList<>();
  private final StreamsStart start = new StreamsStart((now, before) -> seen.add(now));

  @Test
  void aStartIsDoneOnceRunningThoughAFollowUpRebalanceCameRightAfter() throws Exception {
    start.onChange(State.REBALANCING, State.CREATED);
    start.onChange(State.RUNNING, State.REBALANCING);
    start.onChange(State.REBALANCING, State.RUNNING);

    assertTrue(start.awaitRunning(Duration.ZERO));
    assertEquals(List.of(State.REBALANCING, State.RUNNING, State.REBALANCING), seen);
  }

  @Test
  void aStartThatFailsOrStopsBeforeRunningFailed() throws Exception {
    start.onChange(State.REBALANCING, State.CREATED);
    start.onChange(State.PENDING_ERROR, State.REBALANCING);
    start.onChange(State.ERROR, State.PENDING_ERROR);
    start.onChange(
        State.RUNNING, State.ERROR); // not a transition Kafka Streams makes: the first counts

    assertFalse(start.awaitRunning(Duration.ZERO));
  }

  @Test
  void aStartStillRebalancingAtTheDeadlineFailed() throws Exception {
    start.onChange(State.REBALANCING, State.CREATED);

    assertFalse(start.awaitRunning(Duration.ZERO));
  }
}
