package dev.runlog.protocol.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro single-object encoding of one generated record type: two marker bytes, the writer schema's
 * 8-byte fingerprint, then the binary datum. Readers resolve older writer schemas from {@link
 * SchemaHistory}, so records written by an earlier runlog stay readable.
 *
 * <p>Every record read here may come from anyone who can write to a topic, so decoding is bounded:
 * the datum is read with a {@link BoundedDecoder}, which refuses a length or count larger than the
 * bytes left instead of allocating it; a fingerprint that is not one of this type's schemas, bytes
 * left over after the datum, and any failure of Avro's are a {@link DecodeException} with the
 * reason. (Avro's {@code BinaryMessageDecoder} reads from a stream and allocated a string's claimed
 * length, up to 2 GB, before reading it.)
 */
final class AvroBinary<A extends SpecificRecord> {
  private static final String GENERATED_PACKAGE = "dev.runlog.protocol.avro";
  private static final int HEADER_BYTES = 10;

  static {
    // Avro 1.12 instantiates only trusted classes while resolving schemas: trust our generated
    // package too (a process-wide setting of Avro's, made once, widening and never narrowing).
    ClassSecurityValidator.ClassSecurityPredicate ours =
        c -> GENERATED_PACKAGE.equals(c.getPackageName());
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours));
  }

  private final BinaryMessageEncoder<A> encoder;
  private final String typeName;
  private final SpecificData model;

  /**
   * A reader from each schema this type was ever written with to today's, by the writer's
   * fingerprint.
   */
  private final Map<Long, DatumReader<A>> readers = new HashMap<>();

  AvroBinary(BinaryMessageEncoder<A> encoder, Schema schema) {
    this.encoder = encoder;
    this.typeName = schema.getName();
    this.model = SpecificData.getForSchema(schema);
    for (Schema writer : SchemaHistory.of(schema.getFullName())) {
      readers.put(
          SchemaNormalization.parsingFingerprint64(writer),
          new SpecificDatumReader<>(writer, schema, model));
    }
    readers.put(
        SchemaNormalization.parsingFingerprint64(schema),
        new SpecificDatumReader<>(schema, schema, model));
  }

  byte[] encode(A record) {
    return encode(encoder, record);
  }

  private static <A> byte[] encode(BinaryMessageEncoder<A> encoder, A record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      encoder.encode(record, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Encodes with {@code writer}, an older schema of this type whose records' fields are the first
   * ones of today's (fields are only ever added at the end), so that readers that know only that
   * schema read it; the record must leave today's added fields at their defaults.
   */
  Function<A, byte[]> olderEncoder(Schema writer) {
    BinaryMessageEncoder<A> older = new BinaryMessageEncoder<>(model, writer);
    return record -> encode(older, record);
  }

  A decode(byte[] bytes) {
    if (!isSingleObject(bytes)) {
      throw new DecodeException("not an Avro single-object encoded " + typeName + " (bad header)");
    }
    long fingerprint = fingerprint(bytes);
    DatumReader<A> reader = readers.get(fingerprint);
    if (reader == null) {
      String other = SchemaHistory.typeOf(fingerprint);
      throw new DecodeException(
          "cannot decode "
              + typeName
              + ": "
              + (other != null
                  ? "it is a " + other
                  : "written with an unknown schema (fingerprint "
                      + HexFormat.of().toHexDigits(fingerprint)
                      + ")"));
    }
    BoundedDecoder in = new BoundedDecoder(bytes, HEADER_BYTES, bytes.length);
    A record;
    try {
      record = reader.read(null, in);
    } catch (DecodeException e) {
      throw new DecodeException("cannot decode " + typeName + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("cannot decode " + typeName + ": " + describe(e), e);
    } catch (VirtualMachineError e) {
      throw e; // out of memory, stack overflow: nothing a record can be blamed for alone
    } catch (
        Error e) { // e.g. an AssertionError or LinkageError from inside Avro: still this record's
      // doing
      throw new DecodeException("cannot decode " + typeName + ": " + describe(e), e);
    }
    if (in.remainingBytes() > 0) {
      throw new DecodeException(
          "cannot decode "
              + typeName
              + ": "
              + in.remainingBytes()
              + " bytes after the end of the record");
    }
    return record;
  }

  /** True when the bytes start with the single-object encoding marker {@code C3 01}. */
  static boolean isSingleObject(byte[] bytes) {
    return bytes != null
        && bytes.length >= HEADER_BYTES
        && (bytes[0] & 0xFF) == 0xC3
        && bytes[1] == 0x01;
  }

  /** The writer schema's fingerprint, little-endian after the marker. */
  private static long fingerprint(byte[] bytes) {
    long fingerprint = 0;
    for (int i = HEADER_BYTES - 1; i >= 2; i--) {
      fingerprint = fingerprint << 8 | (bytes[i] & 0xFF);
    }
    return fingerprint;
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
