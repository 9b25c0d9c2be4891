package dev.runlog.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsReadinessTest {

  @Test
  void notReadyUntilTheStreamsHaveRunOnce() {
    StreamsReadiness readiness = new StreamsReadiness();
    assertEquals(
        Optional.of("stream threads are starting (state CREATED)"), readiness.notReadyReason());
    readiness.onChange(State.REBALANCING);
    assertEquals(
        Optional.of("stream threads are starting (state REBALANCING)"), readiness.notReadyReason());
    readiness.onChange(State.RUNNING);
    assertEquals(Optional.empty(), readiness.notReadyReason());
  }

  @Test
  void aLaterRebalanceKeepsItReady() {
    StreamsReadiness readiness = new StreamsReadiness();
    readiness.onChange(State.REBALANCING);
    readiness.onChange(State.RUNNING);
    readiness.onChange(State.REBALANCING);
    assertEquals(Optional.empty(), readiness.notReadyReason());
  }

  @Test
  void streamsThatFailedAreDeadWithTheirError() throws Exception {
    StreamsReadiness readiness = new StreamsReadiness();
    readiness.onChange(State.RUNNING);
    assertEquals(Optional.empty(), readiness.deadReason());
    readiness.failed(new IllegalStateException("global store unreadable"));
    readiness.onChange(State.PENDING_ERROR);
    readiness.onChange(State.ERROR);
    Optional<String> reason =
        Optional.of("Kafka Streams failed: IllegalStateException: global store unreadable");
    assertEquals(reason, readiness.deadReason());
    assertEquals(reason, readiness.awaitStop());
  }

  @Test
  void streamsThatWereClosedStopWithoutAReason() throws Exception {
    StreamsReadiness readiness = new StreamsReadiness();
    readiness.onChange(State.RUNNING);
    readiness.failed(new IllegalStateException("a stream thread, replaced"));
    readiness.onChange(State.PENDING_SHUTDOWN);
    readiness.onChange(State.NOT_RUNNING);
    assertEquals(Optional.empty(), readiness.awaitStop());
    assertEquals(Optional.empty(), readiness.deadReason());
  }

  @Test
  void streamsThatStoppedOrFailedAreNotReady() {
    for (State down :
        new State[] {State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN, State.NOT_RUNNING}) {
      StreamsReadiness readiness = new StreamsReadiness();
      readiness.onChange(State.RUNNING);
      readiness.onChange(down);
      assertEquals(
          Optional.of("Kafka Streams is " + down + ": this instance processes nothing"),
          readiness.notReadyReason());
    }
  }

  @Test
  void streamsTheEngineStoppedForAReasonAreDeadWithIt() throws Exception {
    StreamsReadiness readiness = new StreamsReadiness();
    readiness.onChange(State.RUNNING);
    readiness.stoppingFor("runlog topic t.jobs no longer exists (deleted?)");
    assertEquals(
        Optional.of(
            "runlog topic t.jobs no longer exists (deleted?): this instance processes nothing"),
        readiness.notReadyReason());
    readiness.onChange(State.PENDING_SHUTDOWN);
    readiness.onChange(State.NOT_RUNNING);
    Optional<String> why = Optional.of("runlog topic t.jobs no longer exists (deleted?)");
    assertEquals(why, readiness.deadReason());
    assertEquals(why, readiness.awaitStop());
  }
}
