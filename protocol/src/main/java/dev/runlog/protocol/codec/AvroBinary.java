package dev.runlog.protocol.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro single-object encoding of one generated record type: two marker bytes, the writer schema's
 * 8-byte fingerprint, then the binary datum. Readers resolve older writer schemas from
 * {@link SchemaHistory}, so records written by an earlier runlog stay readable.
 */
final class AvroBinary<A extends SpecificRecord> {
  private static final String GENERATED_PACKAGE = "dev.runlog.protocol.avro";

  static {
    // Avro 1.12 instantiates only trusted classes while resolving schemas: trust our generated
    // package too (a process-wide setting of Avro's, made once, widening and never narrowing).
    ClassSecurityValidator.ClassSecurityPredicate ours = c -> GENERATED_PACKAGE.equals(c.getPackageName());
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours));
  }

  private final BinaryMessageEncoder<A> encoder;
  private final BinaryMessageDecoder<A> decoder;
  private final String typeName;

  AvroBinary(BinaryMessageEncoder<A> encoder, Function<SchemaStore, BinaryMessageDecoder<A>> decoderFactory, String typeName) {
    this.encoder = encoder;
    this.decoder = decoderFactory.apply(SchemaHistory.store());
    this.typeName = typeName;
  }

  byte[] encode(A record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      encoder.encode(record, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  A decode(byte[] bytes) {
    if (!isSingleObject(bytes)) {
      throw new DecodeException("not an Avro single-object encoded " + typeName + " (bad header)");
    }
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("cannot decode " + typeName + ": " + e.getMessage(), e);
    }
  }

  /** True when the bytes start with the single-object encoding marker {@code C3 01}. */
  static boolean isSingleObject(byte[] bytes) {
    return bytes != null && bytes.length >= 10 && (bytes[0] & 0xFF) == 0xC3 && bytes[1] == 0x01;
  }
}
