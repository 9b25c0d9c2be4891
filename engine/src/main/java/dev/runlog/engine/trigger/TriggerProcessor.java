package dev.runlog.engine.trigger;

import dev.runlog.engine.CommitPacer;
import dev.runlog.engine.EngineTopology;
import dev.runlog.engine.deadletter.DeadLetters;
import dev.runlog.engine.job.JobRegistry;
import dev.runlog.engine.run.RunCounters;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody.RunCreated;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches each trigger event against the registered jobs and appends a {@code RunCreated} per
 * match, keyed by the derived run id; the run processor owns everything after that. Stateless: the
 * run processor drops the second {@code RunCreated} of a redelivered event.
 */
public final class TriggerProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerProcessor.class);
  private final RunCounters counters;
  private final CommitPacer pacer;
  private ProcessorContext<Object, Object> context;
  private JobRegistry jobs;

  public TriggerProcessor(RunCounters counters, CommitPacer pacer) {
    this.counters = counters;
    this.pacer = pacer;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    KeyValueStore<String, byte[]> store = context.getStateStore(EngineTopology.JOBS_STORE);
    this.jobs = new JobRegistry(store);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    pacer.arrived(context);
    TriggerEvent event;
    try {
      event = Codecs.TRIGGER_EVENT.decode(record.value(), fallbackId(record), Instant.ofEpochMilli(record.timestamp()));
    } catch (DecodeException e) {
      LOG.warn("trigger sent to dead letters: {}", e.getMessage());
      DeadLetters.send(context, record.key(), record.value(), e.getMessage());
      counters.deadLetter();
      return;
    }
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    for (JobDefinition job : jobs.listeningTo(event.name())) {
      String runId = RunIds.of(event.id(), job.id());
      RunCreated created = new RunCreated(job.id(), job.version(), event.id(), event.name(), event.timestamp(), event.payload(),
          event.context(), null, event.deliverAt());
      RunEvent runEvent = new RunEvent(runId, now, Origin.TRIGGER, null, created);
      context.forward(EngineTopology.runEventRecord(runEvent, record.timestamp(), false), EngineTopology.RUN_EVENTS_SINK);
      pacer.wrote(context);
    }
  }

  /** A JSON trigger without an id takes its key, else its position in the topic: both are stable on re-reads. */
  private String fallbackId(Record<byte[], byte[]> record) {
    if (record.key() != null && record.key().length > 0) {
      return new String(record.key(), StandardCharsets.UTF_8);
    }
    return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "-" + m.offset()).orElse(null);
  }
}
