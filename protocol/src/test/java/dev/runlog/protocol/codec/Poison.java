package dev.runlog.protocol.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Crafts Avro single-object records by hand: a real header, then whatever the test writes. */
final class Poison {
  private Poison() {}

  /** The single-object header (marker and fingerprint) of {@code schema}. */
  static byte[] header(Schema schema) {
    return ByteBuffer.allocate(10)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0xC3)
        .put((byte) 0x01)
        .putLong(SchemaNormalization.parsingFingerprint64(schema))
        .array();
  }

  /** The header of {@code schema} followed by what {@code body} writes with a binary encoder. */
  static byte[] record(Schema schema, Consumer<BinaryEncoder> body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header(schema));
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    body.accept(encoder);
    return out.toByteArray();
  }

  /** Rethrows the checked exception of an encoder call. */
  interface Write {
    void to(BinaryEncoder e) throws IOException;
  }

  static Consumer<BinaryEncoder> writing(Write write) {
    return e -> {
      try {
        write.to(e);
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
    };
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
