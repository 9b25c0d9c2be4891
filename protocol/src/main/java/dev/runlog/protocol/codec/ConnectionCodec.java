package dev.runlog.protocol.codec;

import dev.runlog.protocol.connection.Connection;
import java.nio.ByteBuffer;

/** {@code connections} values. */
public final class ConnectionCodec implements Codec<Connection> {
  private final AvroBinary<dev.runlog.protocol.avro.Connection> avro =
      new AvroBinary<>(
          dev.runlog.protocol.avro.Connection.getEncoder(),
          dev.runlog.protocol.avro.Connection.getClassSchema());

  @Override
  public byte[] encode(Connection c) {
    return avro.encode(
        new dev.runlog.protocol.avro.Connection(
            c.integration(),
            c.accountId(),
            c.type(),
            c.keyId(),
            ByteBuffer.wrap(c.nonce()),
            ByteBuffer.wrap(c.ciphertext()),
            c.updatedAt()));
  }

  @Override
  public Connection decode(byte[] bytes) {
    var a = avro.decode(bytes);
    try {
      return new Connection(
          a.getIntegration(),
          a.getAccountId(),
          a.getType(),
          a.getKeyId(),
          bytes(a.getNonce()),
          bytes(a.getCiphertext()),
          a.getUpdatedAt());
    } catch (RuntimeException e) {
      throw new DecodeException("invalid Connection: " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
