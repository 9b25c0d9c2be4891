package dev.runlog.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicWatchTest {
  private static final java.util.List<String> OWN = java.util.List.of("t.jobs", "t.triggers");

  @Test
  void aTopicIsGoneOnlyWhenTwoLooksInARowMissIt() {
    assertEquals(
        new TopicWatch.Verdict(Set.of(), Set.of(), Set.of("t.jobs")),
        TopicWatch.Verdict.of(OWN, Set.of(), Set.of("t.jobs")));
    assertEquals(
        new TopicWatch.Verdict(Set.of("t.jobs"), Set.of(), Set.of()),
        TopicWatch.Verdict.of(OWN, Set.of("t.jobs"), Set.of("t.jobs")));
    // a look that found it again (or got no answer: nothing missing) clears the suspicion
    assertEquals(
        new TopicWatch.Verdict(Set.of(), Set.of(), Set.of()),
        TopicWatch.Verdict.of(OWN, Set.of("t.jobs"), Set.of()));
    assertEquals(
        new TopicWatch.Verdict(Set.of("t.jobs"), Set.of(), Set.of("t.sources")),
        TopicWatch.Verdict.of(OWN, Set.of("t.jobs", "t.triggers"), Set.of("t.jobs", "t.sources")));
  }

  @Test
  void aJobsExecutionsTopicGoneIsMadeAgainAndTheEngineGoesOn() {
    assertEquals(
        new TopicWatch.Verdict(Set.of(), Set.of(), Set.of("t.executions.a")),
        TopicWatch.Verdict.of(OWN, Set.of(), Set.of("t.executions.a")));
    assertEquals(
        new TopicWatch.Verdict(Set.of(), Set.of("t.executions.a"), Set.of("t.executions.b")),
        TopicWatch.Verdict.of(
            OWN, Set.of("t.executions.a"), Set.of("t.executions.a", "t.executions.b")));
  }

  @Test
  void onlyTopicsTheClusterSaysItDoesNotKnowAreMissing() {
    org.apache.kafka.common.Uuid id = org.apache.kafka.common.Uuid.randomUuid();
    assertEquals(
        Set.of("t.jobs"),
        TopicWatch.missing(
            java.util.Optional.of(
                java.util.Map.of(
                    "t.jobs",
                    java.util.Optional.empty(),
                    "t.triggers",
                    java.util.Optional.of(id)))));
    assertEquals(Set.of(), TopicWatch.missing(java.util.Optional.empty()), "no answer");
  }

  @Test
  void theEngineWatchesEveryTopicItCreates() {
    dev.runlog.protocol.topic.Topics topics = new dev.runlog.protocol.topic.Topics("t");
    assertEquals(
        Set.of(
            "t.triggers",
            "t.run-events",
            "t.jobs",
            "t.dead-letters",
            "t.sources",
            "t.connections",
            "t.admission",
            "t.event-waits",
            "t.event-expiry"),
        Set.copyOf(RunlogEngine.ownTopics(topics)));
  }
}
