package dev.runlog.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class AvroJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** As text: a long 12 and an int 12 are the same JSON. */
  private static String tree(String json) throws Exception {
    return JSON.readTree(json).toString();
  }

  private static String toJson(Object datum, Schema schema) {
    return AvroJson.toJson(datum, schema).toString();
  }

  private static Schema schema(String json) {
    return new Schema.Parser().parse(json.replace('\'', '"'));
  }

  @Test
  void unionsGiveTheirValuePlainlyWhicheverBranchItIs() throws Exception {
    Schema card =
        schema(
            "{'type': 'record', 'name': 'Card', 'fields': [{'name': 'last4', 'type': 'string'}]}");
    Schema union =
        Schema.createUnion(
            Schema.create(Schema.Type.NULL),
            Schema.create(Schema.Type.LONG),
            Schema.create(Schema.Type.STRING),
            card);
    GenericRecord visa = new GenericData.Record(card);
    visa.put("last4", new Utf8("4242"));
    assertEquals(tree("null"), toJson(null, union));
    assertEquals(tree("12"), toJson(12L, union));
    assertEquals(tree("\"x\""), toJson(new Utf8("x"), union));
    assertEquals(tree("{\"last4\": \"4242\"}"), toJson(visa, union));
  }

  @Test
  void everyTypeHasAPlainJsonForm() throws Exception {
    Schema schema =
        schema(
            "{'type': 'record', 'name': 'All', 'fields': ["
                + "{'name': 'flag', 'type': 'boolean'},"
                + "{'name': 'ratio', 'type': 'float'},"
                + "{'name': 'big', 'type': 'double'},"
                + "{'name': 'odd', 'type': 'double'},"
                + "{'name': 'raw', 'type': 'bytes'},"
                + "{'name': 'hash', 'type': {'type': 'fixed', 'name': 'H', 'size': 2}},"
                + "{'name': 'color', 'type': {'type': 'enum', 'name': 'C', 'symbols': ['RED']}},"
                + "{'name': 'tags', 'type': {'type': 'array', 'items': 'string'}},"
                + "{'name': 'counts', 'type': {'type': 'map', 'values': 'int'}},"
                + "{'name': 'price', 'type': {'type': 'bytes', 'logicalType': 'decimal', 'precision': 9, 'scale': 2}},"
                + "{'name': 'day', 'type': {'type': 'int', 'logicalType': 'date'}},"
                + "{'name': 'at', 'type': {'type': 'long', 'logicalType': 'timestamp-millis'}},"
                + "{'name': 'atMicros', 'type': {'type': 'long', 'logicalType': 'timestamp-micros'}},"
                + "{'name': 'clock', 'type': {'type': 'int', 'logicalType': 'time-millis'}},"
                + "{'name': 'uuid', 'type': {'type': 'string', 'logicalType': 'uuid'}}]}");
    GenericRecord all = new GenericData.Record(schema);
    all.put("flag", true);
    all.put("ratio", 0.1f);
    all.put("big", 2.5);
    all.put("odd", Double.NaN);
    all.put("raw", ByteBuffer.wrap(new byte[] {1, 2, 3}));
    all.put("hash", new GenericData.Fixed(schema.getField("hash").schema(), new byte[] {9, 9}));
    all.put("color", new GenericData.EnumSymbol(schema.getField("color").schema(), "RED"));
    all.put(
        "tags", new GenericData.Array<>(schema.getField("tags").schema(), List.of(new Utf8("a"))));
    all.put("counts", Map.of(new Utf8("k"), 3));
    all.put("price", ByteBuffer.wrap(java.math.BigInteger.valueOf(1999).toByteArray()));
    all.put("day", 20_000);
    all.put("at", 1_700_000_000_123L);
    all.put("atMicros", 1_700_000_000_123_456L);
    all.put("clock", 3_600_000 + 1);
    all.put("uuid", new Utf8("7d4a3b0c-0000-4000-8000-000000000000"));
    assertEquals(
        tree(
            "{\"flag\": true, \"ratio\": 0.1, \"big\": 2.5, \"odd\": \"NaN\", \"raw\": \"AQID\","
                + " \"hash\": \"CQk=\", \"color\": \"RED\", \"tags\": [\"a\"], \"counts\": {\"k\": 3},"
                + " \"price\": 19.99, \"day\": \"2024-10-04\", \"at\": \"2023-11-14T22:13:20.123Z\","
                + " \"atMicros\": \"2023-11-14T22:13:20.123456Z\", \"clock\": \"01:00:00.001\","
                + " \"uuid\": \"7d4a3b0c-0000-4000-8000-000000000000\"}"),
        toJson(all, schema));
  }
}
