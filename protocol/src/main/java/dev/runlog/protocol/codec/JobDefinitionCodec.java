package dev.runlog.protocol.codec;

import dev.runlog.protocol.job.IntegrationUse;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.job.JobSchedule;
import dev.runlog.protocol.job.KeyLimit;
import dev.runlog.protocol.job.NamedLimit;
import dev.runlog.protocol.job.RetryPolicy;

/** {@code jobs} values. */
public final class JobDefinitionCodec implements Codec<JobDefinition> {
  private final AvroBinary<dev.runlog.protocol.avro.JobDefinition> avro =
      new AvroBinary<>(
          dev.runlog.protocol.avro.JobDefinition.getEncoder(),
          dev.runlog.protocol.avro.JobDefinition.getClassSchema());

  @Override
  public byte[] encode(JobDefinition j) {
    var limit =
        j.sharedLimit() == null
            ? null
            : new dev.runlog.protocol.avro.NamedLimit(
                j.sharedLimit().name(), j.sharedLimit().limit());
    var retry =
        j.retry() == null
            ? null
            : new dev.runlog.protocol.avro.RetryPolicy(
                j.retry().limit(),
                j.retry().factor(),
                j.retry().minDelayMillis(),
                j.retry().maxDelayMillis(),
                j.retry().randomize());
    return avro.encode(
        new dev.runlog.protocol.avro.JobDefinition(
            j.id(),
            j.version(),
            j.eventName(),
            j.queue(),
            j.payloadSchema(),
            j.concurrencyLimit(),
            limit,
            j.keyLimit() == null
                ? null
                : new dev.runlog.protocol.avro.KeyLimit(j.keyLimit().path(), j.keyLimit().limit()),
            j.maxDurationMillis(),
            j.sliceMillis(),
            j.leaseMillis(),
            j.maxDispatchesWithoutProgress(),
            retry,
            j.registeredAt(),
            j.workerId(),
            j.schedules().stream()
                .map(
                    s ->
                        new dev.runlog.protocol.avro.JobSchedule(
                            s.cron(), s.timezone(), s.intervalMillis(), s.catchUp()))
                .toList(),
            j.integrations().stream()
                .map(i -> new dev.runlog.protocol.avro.IntegrationUse(i.name(), i.kind(), i.auth()))
                .toList()));
  }

  @Override
  public JobDefinition decode(byte[] bytes) {
    var a = avro.decode(bytes);
    try {
      var l = a.getSharedLimit();
      var r = a.getRetry();
      return new JobDefinition(
          a.getId(),
          a.getVersion(),
          a.getEventName(),
          a.getQueue(),
          a.getPayloadSchema(),
          a.getConcurrencyLimit(),
          l == null ? null : new NamedLimit(l.getName(), l.getLimit()),
          a.getKeyLimit() == null
              ? null
              : new KeyLimit(a.getKeyLimit().getPath(), a.getKeyLimit().getLimit()),
          a.getMaxDurationMillis(),
          a.getSliceMillis(),
          a.getLeaseMillis(),
          a.getMaxDispatchesWithoutProgress(),
          r == null
              ? null
              : new RetryPolicy(
                  r.getLimit(),
                  r.getFactor(),
                  r.getMinDelayMillis(),
                  r.getMaxDelayMillis(),
                  r.getRandomize()),
          a.getRegisteredAt(),
          a.getWorkerId(),
          a.getSchedules().stream()
              .map(
                  s ->
                      new JobSchedule(
                          s.getCron(), s.getTimezone(), s.getIntervalMillis(), s.getCatchUp()))
              .toList(),
          a.getIntegrations().stream()
              .map(i -> new IntegrationUse(i.getName(), i.getKind(), i.getAuth()))
              .toList());
    } catch (RuntimeException e) {
      throw new DecodeException("invalid JobDefinition: " + e.getMessage(), e);
    }
  }
}
