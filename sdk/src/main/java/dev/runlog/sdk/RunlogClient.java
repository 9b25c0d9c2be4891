package dev.runlog.sdk;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.limits.RecordLimits;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.source.SourceKind;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends trigger events. Every job listening to the event's name gets a run.
 *
 * <pre>{@code
 * try (RunlogClient client = Runlog.client()) { // or RunlogClient.connect("localhost:9092")
 *   String eventId = client.send("new.star", new Star("ada", "runlog"));
 *   client.send("star.reminder", new Star("ada", "runlog"), Duration.ofDays(1));
 * }
 * }</pre>
 */
public final class RunlogClient implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final Topics topics;
  private final Clock clock = Clock.systemUTC();

  private RunlogClient(String bootstrapServers, String topicPrefix, Map<String, Object> kafka) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.putAll(kafka);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.topics = new Topics(topicPrefix);
  }

  public static RunlogClient connect(String bootstrapServers) {
    return new RunlogClient(bootstrapServers, Topics.DEFAULT_PREFIX, Map.of());
  }

  public static RunlogClient connect(
      String bootstrapServers, String topicPrefix, Map<String, Object> kafka) {
    return new RunlogClient(bootstrapServers, topicPrefix, kafka);
  }

  /** Sends event {@code name} with a new id; returns the id once the event is durable. */
  public String send(String name, Object payload) {
    return send(Event.of(name, payload));
  }

  /** Sends event {@code name}, delivered {@code delay} from now; returns its id. */
  public String send(String name, Object payload, Duration delay) {
    return send(Event.of(name, payload).delay(delay));
  }

  /**
   * Sends event {@code name} with id {@code id}: sending the same id again starts no second run.
   *
   * @param context free-form context shown to the run as {@link Context#eventContext()}, may be
   *     null
   * @return the event id, once the event is durable
   */
  public String send(String name, String id, Object payload, Map<String, Object> context) {
    return send(Event.of(name, payload).id(id).context(context));
  }

  /**
   * Sends {@code event}, with its id, context and delay if it has them.
   *
   * <pre>{@code
   * client.send(Event.of("invoice.due", invoice).id(invoice.number()).delay(Duration.ofDays(30)));
   * }</pre>
   *
   * @return the event id, once the event is durable
   */
  public String send(Event event) {
    TriggerEvent trigger = event.toTrigger(clock.instant(), "sdk");
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topics.triggers().name(),
                  trigger.id(),
                  RecordLimits.trigger(trigger, Codecs.TRIGGER_EVENT.encode(trigger))))
          .get();
      return trigger.id();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending " + event.name(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot send " + event.name() + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Creates schedule {@code id}, or replaces the one of that id, at runtime (as {@code POST
   * /api/schedules} does): at each tick the engine starts a run of job {@code jobId}, whatever the
   * number of engine instances. Returns once the definition is durable. Inside a job, call it in a
   * task, so that a replay does not register it again:
   *
   * <pre>{@code
   * io.runTask("remind daily", () -> client.schedule(
   *     "remind-" + user.id(), Schedule.cron("0 9 * * *", user.timeZone()), "reminder", user));
   * }</pre>
   *
   * <p>The engine parses the cron expression: one it cannot use shows up as a FAILING schedule,
   * with the reason, in {@code GET /api/schedules}.
   *
   * @param id 1 to 200 letters, digits, '.', '_' or '-'
   * @param payload fields merged into each tick's payload (an object, or null)
   */
  public void schedule(String id, Schedule schedule, String jobId, Object payload) {
    if (id == null || !id.matches("[a-zA-Z0-9._-]{1,200}")) {
      throw new IllegalArgumentException(
          "a schedule id is 1 to 200 letters, digits, '.', '_' or '-', not " + id);
    }
    SourceDefinition def =
        new SourceDefinition(
            id,
            SourceKind.SCHEDULE,
            false,
            schedule.spec(jobId, payload).toString(),
            clock.instant());
    write(id, Codecs.SOURCE_DEFINITION.encode(def), "schedule " + id);
  }

  /**
   * Deletes schedule {@code id}: it ticks no more. Deleting one that does not exist does nothing.
   */
  public void unschedule(String id) {
    write(id, null, "unschedule " + id);
  }

  private void write(String id, byte[] value, String what) {
    try {
      producer.send(new ProducerRecord<>(topics.sources().name(), id, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking to " + what, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Asks to cancel run {@code runId}: a queued or waiting run is canceled at once, an executing one
   * stops at its next task boundary. Canceling a finished run does nothing.
   */
  public void cancel(String runId, String reason) {
    RunEvent event =
        new RunEvent(
            runId,
            clock.instant(),
            Origin.API,
            null,
            new RunEventBody.CancelRequested(reason, "sdk"));
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topics.runEvents().name(), runId, Codecs.RUN_EVENT.encode(event));
    record
        .headers()
        .add(Origin.HEADER, Origin.API.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try {
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while canceling " + runId, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot cancel " + runId + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
