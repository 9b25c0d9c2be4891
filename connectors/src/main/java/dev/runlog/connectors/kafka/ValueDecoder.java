package dev.runlog.connectors.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.connectors.registry.RegisteredSchema;
import dev.runlog.connectors.registry.RegistryException;
import dev.runlog.connectors.registry.SchemaLookup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * A record value, in one of the {@link ValueFormat}s, as JSON. A value that is not what its format
 * says is the record's fault ({@link BadValue}); a registry that cannot give a schema now is not
 * ({@link RegistryException}).
 */
final class ValueDecoder {
  /** The value cannot be decoded, whenever it is read. */
  static final class BadValue extends Exception {
    BadValue(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final byte CONFLUENT_MAGIC = 0;
  private static final byte[] SINGLE_OBJECT_MAGIC = {(byte) 0xC3, (byte) 0x01};

  private final ValueFormat format;
  private final SchemaLookup registry;
  private final Map<Long, Schema> byFingerprint;
  private final Map<Integer, Schema> parsedById = new ConcurrentHashMap<>();

  ValueDecoder(ValueFormat format, List<Schema> avroSchemas, SchemaLookup registry) {
    this.format = format;
    this.registry = registry;
    this.byFingerprint =
        avroSchemas.stream()
            .collect(
                Collectors.toMap(
                    SchemaNormalization::parsingFingerprint64, Function.identity(), (a, b) -> a));
  }

  JsonNode decode(byte[] value) throws BadValue, RegistryException {
    return switch (format) {
      case JSON -> json(value, 0);
      case AVRO -> singleObject(value);
      case CONFLUENT_AVRO -> {
        int id = confluentId(value);
        yield avro(value, 5, avroSchema(id), "schema id " + id);
      }
      case CONFLUENT_JSON -> {
        int id = confluentId(value);
        RegisteredSchema schema = registry.byId(id);
        if (!RegisteredSchema.JSON.equals(schema.type())) {
          throw new BadValue("schema id " + id + " has type " + schema.type() + ", not JSON");
        }
        yield json(value, 5);
      }
    };
  }

  private static JsonNode json(byte[] value, int from) throws BadValue {
    if (value.length == from) {
      throw new BadValue("the value is empty, not JSON");
    }
    try {
      return JSON.readTree(value, from, value.length - from);
    } catch (IOException e) {
      throw new BadValue("the value is not JSON: " + firstLine(e.getMessage()));
    }
  }

  private JsonNode singleObject(byte[] value) throws BadValue {
    if (value.length < 10
        || value[0] != SINGLE_OBJECT_MAGIC[0]
        || value[1] != SINGLE_OBJECT_MAGIC[1]) {
      throw new BadValue(
          "the value is not in Avro's single-object encoding (it starts with C3 01, then an"
              + " 8-byte schema fingerprint): it starts with "
              + hex(value, 2));
    }
    long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    Schema schema = byFingerprint.get(fingerprint);
    if (schema == null) {
      throw new BadValue(
          "the value's writer schema (fingerprint "
              + Long.toHexString(fingerprint)
              + ") is not one of the source's avroSchemas");
    }
    return avro(value, 10, schema, "schema " + schema.getFullName());
  }

  private int confluentId(byte[] value) throws BadValue {
    if (value.length < 5 || value[0] != CONFLUENT_MAGIC) {
      throw new BadValue(
          "the value is not in the Confluent wire format (byte 0, a 4-byte schema id, then the"
              + " data): it starts with "
              + hex(value, 5));
    }
    return ByteBuffer.wrap(value, 1, 4).getInt();
  }

  private Schema avroSchema(int id) throws BadValue, RegistryException {
    Schema known = parsedById.get(id);
    if (known != null) {
      return known;
    }
    RegisteredSchema registered = registry.byId(id);
    if (!RegisteredSchema.AVRO.equals(registered.type())) {
      throw new BadValue("schema id " + id + " has type " + registered.type() + ", not AVRO");
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(registered.schema());
    } catch (RuntimeException e) {
      throw new BadValue(
          "schema id " + id + " is not an Avro schema runlog can read: " + e.getMessage());
    }
    parsedById.put(id, schema);
    return schema;
  }

  private static JsonNode avro(byte[] value, int from, Schema schema, String what) throws BadValue {
    BinaryDecoder decoder =
        DecoderFactory.get().binaryDecoder(value, from, value.length - from, null);
    Object datum;
    try {
      datum = new GenericDatumReader<Object>(schema).read(null, decoder);
      if (!decoder.isEnd()) {
        throw new BadValue(
            "the value has bytes left after its Avro data: not written with " + what);
      }
      return AvroJson.toJson(datum, schema);
    } catch (IOException | RuntimeException e) {
      throw new BadValue(
          "the value is not Avro written with "
              + what
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + firstLine(e.getMessage())));
    }
  }

  private static String hex(byte[] value, int most) {
    if (value.length == 0) {
      return "nothing (an empty value)";
    }
    StringBuilder text = new StringBuilder();
    for (byte b : Arrays.copyOf(value, Math.min(most, value.length))) {
      text.append(String.format("%02X ", b));
    }
    return text.toString().strip();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
