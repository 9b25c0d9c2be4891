package dev.runlog.engine.topology;

import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.topic.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The executions topics of a topology test's jobs (one topic per job), read as one. */
record ExecutionsOut(List<TestOutputTopic<String, ExecuteRun>> topics) {

  static ExecutionsOut of(TopologyTestDriver driver, Topics topics, String... jobIds) {
    return new ExecutionsOut(
        List.of(jobIds).stream()
            .map(
                job ->
                    driver.createOutputTopic(
                        topics.executions(job).name(),
                        Serdes.String().deserializer(),
                        topics.executions(job).valueSerde().deserializer()))
            .toList());
  }

  ExecuteRun readValue() {
    return topics.stream().filter(t -> !t.isEmpty()).findFirst().orElseThrow().readValue();
  }

  TestRecord<String, ExecuteRun> readRecord() {
    return topics.stream().filter(t -> !t.isEmpty()).findFirst().orElseThrow().readRecord();
  }

  List<ExecuteRun> readValuesToList() {
    return topics.stream().flatMap(t -> t.readValuesToList().stream()).toList();
  }

  boolean isEmpty() {
    return topics.stream().allMatch(TestOutputTopic::isEmpty);
  }
}
