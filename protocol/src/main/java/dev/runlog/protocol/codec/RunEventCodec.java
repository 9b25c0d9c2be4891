package dev.runlog.protocol.codec;

import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;

/** {@code run-events} values: the {@link RunEvent} envelope with its body union. */
public final class RunEventCodec implements Codec<RunEvent> {
  private final AvroBinary<dev.runlog.protocol.avro.RunEvent> avro =
      new AvroBinary<>(
          dev.runlog.protocol.avro.RunEvent.getEncoder(),
          dev.runlog.protocol.avro.RunEvent.getClassSchema());

  @Override
  public byte[] encode(RunEvent e) {
    return avro.encode(
        new dev.runlog.protocol.avro.RunEvent(
            e.runId(),
            e.timestamp(),
            dev.runlog.protocol.avro.Origin.valueOf(e.origin().name()),
            e.execution(),
            RunEventBodies.toAvro(e.body())));
  }

  @Override
  public RunEvent decode(byte[] bytes) {
    var a = avro.decode(bytes);
    try {
      return new RunEvent(
          a.getRunId(),
          a.getTimestamp(),
          Origin.valueOf(a.getOrigin().name()),
          a.getExecution(),
          RunEventBodies.fromAvro(a.getBody()));
    } catch (RuntimeException e) {
      throw new DecodeException("invalid RunEvent: " + e.getMessage(), e);
    }
  }
}
