package dev.runlog.engine.topology;

import dev.runlog.protocol.deadletter.DeadLetter;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.topic.Topics;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The engine's topics as topology tests write and read them (triggers as raw bytes, as producers
 * send them).
 */
final class DriverTopics {
  private DriverTopics() {}

  /**
   * A driver's settings: its application id and its own state directory (not the shared
   * /tmp/kafka-streams: tests may run side by side).
   */
  static Properties settings(String applicationId, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return props;
  }

  static TestInputTopic<String, JobDefinition> jobs(TopologyTestDriver driver, Topics topics) {
    return driver.createInputTopic(
        topics.jobs().name(),
        Serdes.String().serializer(),
        topics.jobs().valueSerde().serializer());
  }

  static TestInputTopic<byte[], byte[]> triggers(TopologyTestDriver driver, Topics topics) {
    return driver.createInputTopic(
        topics.triggers().name(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  static TestInputTopic<String, RunEvent> runEventsIn(TopologyTestDriver driver, Topics topics) {
    return driver.createInputTopic(
        topics.runEvents().name(),
        Serdes.String().serializer(),
        topics.runEvents().valueSerde().serializer());
  }

  static TestOutputTopic<String, RunEvent> runEventsOut(TopologyTestDriver driver, Topics topics) {
    return driver.createOutputTopic(
        topics.runEvents().name(),
        Serdes.String().deserializer(),
        topics.runEvents().valueSerde().deserializer());
  }

  static TestOutputTopic<byte[], DeadLetter> deadLetters(TopologyTestDriver driver, Topics topics) {
    return driver.createOutputTopic(
        topics.deadLetters().name(),
        Serdes.ByteArray().deserializer(),
        topics.deadLetters().valueSerde().deserializer());
  }
}
