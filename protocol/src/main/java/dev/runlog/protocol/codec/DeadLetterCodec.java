package dev.runlog.protocol.codec;

import dev.runlog.protocol.deadletter.DeadLetter;
import java.nio.ByteBuffer;

/** {@code dead-letters} values. */
public final class DeadLetterCodec implements Codec<DeadLetter> {
  private final AvroBinary<dev.runlog.protocol.avro.DeadLetter> avro =
      new AvroBinary<>(
          dev.runlog.protocol.avro.DeadLetter.getEncoder(),
          dev.runlog.protocol.avro.DeadLetter.getClassSchema());

  @Override
  public byte[] encode(DeadLetter d) {
    return avro.encode(
        new dev.runlog.protocol.avro.DeadLetter(
            d.reason(),
            d.sourceTopic(),
            d.sourcePartition(),
            d.sourceOffset(),
            wrap(d.originalKey()),
            wrap(d.originalValue()),
            d.timestamp()));
  }

  @Override
  public DeadLetter decode(byte[] bytes) {
    var a = avro.decode(bytes);
    return new DeadLetter(
        a.getReason(),
        a.getSourceTopic(),
        a.getSourcePartition(),
        a.getSourceOffset(),
        unwrap(a.getOriginalKey()),
        unwrap(a.getOriginalValue()),
        a.getTimestamp());
  }

  private static ByteBuffer wrap(byte[] bytes) {
    return bytes == null ? null : ByteBuffer.wrap(bytes);
  }

  private static byte[] unwrap(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
