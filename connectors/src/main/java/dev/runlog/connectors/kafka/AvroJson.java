package dev.runlog.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * An Avro datum (as {@link org.apache.avro.generic.GenericDatumReader} gives it) as the JSON a job
 * would have been sent: a union's value plainly, not Avro's JSON encoding's {@code {"string":
 * "x"}}; bytes and fixed as base64; decimals as numbers; dates, times and timestamps as ISO-8601
 * text; NaN and the infinities as text (JSON has no such numbers).
 */
final class AvroJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroJson() {}

  static JsonNode toJson(Object datum, Schema schema) {
    return switch (schema.getType()) {
      case NULL -> NODES.nullNode();
      case BOOLEAN -> NODES.booleanNode((Boolean) datum);
      case INT -> intValue((Integer) datum, schema.getLogicalType());
      case LONG -> longValue((Long) datum, schema.getLogicalType());
      case FLOAT -> floating(((Float) datum).doubleValue(), true);
      case DOUBLE -> floating((Double) datum, false);
      case STRING, ENUM -> NODES.textNode(datum.toString());
      case BYTES -> bytes(bytesOf((ByteBuffer) datum), schema.getLogicalType());
      case FIXED -> bytes(((GenericFixed) datum).bytes(), schema.getLogicalType());
      case ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (Object item : (Iterable<?>) datum) {
          array.add(toJson(item, schema.getElementType()));
        }
        yield array;
      }
      case MAP -> {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) datum).entrySet()) {
          object.set(entry.getKey().toString(), toJson(entry.getValue(), schema.getValueType()));
        }
        yield object;
      }
      case RECORD -> {
        GenericRecord record = (GenericRecord) datum;
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
          object.set(field.name(), toJson(record.get(field.pos()), field.schema()));
        }
        yield object;
      }
      case UNION ->
          toJson(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
    };
  }

  private static JsonNode intValue(int value, LogicalType logical) {
    if (logical instanceof LogicalTypes.Date) {
      return NODES.textNode(LocalDate.ofEpochDay(value).toString());
    }
    if (logical instanceof LogicalTypes.TimeMillis) {
      return NODES.textNode(LocalTime.ofNanoOfDay(value * 1_000_000L).toString());
    }
    return NODES.numberNode(value);
  }

  private static JsonNode longValue(long value, LogicalType logical) {
    if (logical instanceof LogicalTypes.TimeMicros) {
      return NODES.textNode(LocalTime.ofNanoOfDay(value * 1_000L).toString());
    }
    if (logical instanceof LogicalTypes.TimestampMillis) {
      return NODES.textNode(Instant.ofEpochMilli(value).toString());
    }
    if (logical instanceof LogicalTypes.TimestampMicros) {
      return NODES.textNode(micros(value).toString());
    }
    if (logical instanceof LogicalTypes.TimestampNanos) {
      return NODES.textNode(Instant.ofEpochSecond(0, value).toString());
    }
    if (logical instanceof LogicalTypes.LocalTimestampMillis) {
      return NODES.textNode(
          LocalDateTime.ofInstant(Instant.ofEpochMilli(value), ZoneOffset.UTC).toString());
    }
    if (logical instanceof LogicalTypes.LocalTimestampMicros) {
      return NODES.textNode(LocalDateTime.ofInstant(micros(value), ZoneOffset.UTC).toString());
    }
    return NODES.numberNode(value);
  }

  private static Instant micros(long value) {
    return Instant.ofEpochSecond(
        Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
  }

  private static JsonNode floating(double value, boolean single) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return NODES.textNode(Double.toString(value));
    }
    // a float widened to double prints 0.1f as 0.10000000149011612: print it as the float it was
    return single ? NODES.numberNode((float) value) : NODES.numberNode(value);
  }

  private static JsonNode bytes(byte[] bytes, LogicalType logical) {
    if (logical instanceof LogicalTypes.Decimal decimal) {
      return NODES.numberNode(new BigDecimal(new BigInteger(bytes), decimal.getScale()));
    }
    return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
