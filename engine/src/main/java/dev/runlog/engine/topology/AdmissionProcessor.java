package dev.runlog.engine.topology;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.admission.LimitState;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one owner of each concurrency limit (the admission topic is keyed by limit): admits runs
 * while slots are free and queues the rest, first in first out ({@link AdmissionQueue}: a record
 * per queued run). It answers on run-events with {@code RunStarted} or {@code RunQueued}, which the
 * run processor then folds.
 */
public final class AdmissionProcessor
    implements Processor<String, AdmissionMessage, Object, Object> {
  public static final String STORE = "admission";
  private final CommitPacer pacer;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, LimitState> limits;
  private KeyValueStore<String, AdmissionQueue.Entry> queues;

  public AdmissionProcessor(CommitPacer pacer) {
    this.pacer = pacer;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.limits = context.getStateStore(STORE);
    this.queues = context.getStateStore(AdmissionQueue.STORE);
  }

  @Override
  public void process(Record<String, AdmissionMessage> record) {
    pacer.arrived(context, record.timestamp());
    AdmissionMessage message = record.value();
    if (message == null || record.key() == null) {
      return;
    }
    LimitState before = limits.get(record.key());
    int limit =
        message instanceof AdmissionMessage.Acquire a
            ? a.limit()
            : before == null ? 0 : before.limit();
    LimitState.Outcome outcome =
        (before == null ? LimitState.empty(limit) : before)
            .apply(
                message,
                sub -> limits.get(LimitState.subStoreKey(record.key(), sub)),
                new AdmissionQueue(queues, record.key(), before));
    limits.put(record.key(), outcome.state());
    outcome
        .subs()
        .forEach(
            (sub, state) ->
                limits.put(
                    LimitState.subStoreKey(record.key(), sub),
                    state.running().isEmpty() ? null : state));
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    for (AdmissionMessage.Acquire a : outcome.admitted()) {
      send(
          RunEvent.engine(
              a.runId(), now, new RunEventBody.RunStarted(a.execution(), a.reason(), null)));
    }
    for (AdmissionMessage.Acquire q : outcome.queued()) {
      send(RunEvent.engine(q.runId(), now, new RunEventBody.RunQueued(q.limitKey())));
    }
  }

  private void send(RunEvent event) {
    context.forward(
        EngineTopology.runEventRecord(event, context.currentSystemTimeMs(), false),
        EngineTopology.RUN_EVENTS_SINK);
    pacer.wrote(context);
  }
}
