package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.protocol.schema.PayloadSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PayloadSchemasTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** JSON with single quotes, so that expectations read like the schemas they are. */
  private static JsonNode j(String singleQuoted) {
    try {
      return MAPPER.readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode schemaOf(Class<?> type) {
    return j(PayloadSchemas.of(type));
  }

  private static JsonNode property(Class<?> type, String name) {
    return schemaOf(type).get("properties").get(name);
  }

  // --- the types under test --------------------------------------------------------------------

  enum Status {
    NEW,
    PAID
  }

  enum Renamed {
    @JsonProperty("in-progress")
    IN_PROGRESS,
    DONE
  }

  record Line(String sku, int quantity) {}

  record Order(String id, long amountCents, List<Line> lines) {}

  record Scalars(
      String s,
      CharSequence cs,
      char c,
      Character boxedC,
      UUID uuid,
      URI uri,
      int i,
      Integer boxedI,
      long l,
      Long boxedL,
      short sh,
      byte b,
      BigInteger big,
      float f,
      Double boxedD,
      BigDecimal dec,
      Number n,
      AtomicLong atomic,
      boolean z,
      Boolean boxedZ,
      Instant at,
      LocalDate day,
      OffsetDateTime odt,
      ZoneId zone,
      byte[] bytes,
      char[] chars) {}

  record Enums(Status status, Renamed renamed, DayOfWeek day) {}

  record Containers(
      List<String> strings,
      Set<Integer> ints,
      Collection<Line> lines,
      int[] primitives,
      String[] texts,
      List<List<Long>> matrix,
      @SuppressWarnings("rawtypes") List raw,
      List<? extends Line> bounded,
      Map<String, Integer> counts,
      Map<String, List<Line>> groups) {}

  record Page<T>(List<T> items, T[] array, T first) {}

  record Report(Page<Line> page, Page<Page<Status>> pages) {}

  record Tree(String name, List<Tree> children) {}

  record Ping(Pong pong) {}

  record Pong(Ping ping, int n) {}

  interface Shape {}

  abstract static class Base {}

  static final class Bean {
    public String name;
  }

  record Loose(
      Object anything,
      JsonNode node,
      Optional<String> maybe,
      Duration took,
      Shape shape,
      Base base,
      Bean bean) {}

  record OrderId(@JsonValue String value) {}

  record Annotated(
      @JsonProperty("order_id") OrderId id, @JsonIgnore String secret, @JsonProperty int count) {}

  // --- derivation ------------------------------------------------------------------------------

  @Test
  void theJavadocExampleIsWhatComesOut() {
    assertEquals(
        "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\",\"properties\":{"
            + "\"id\":{\"type\":[\"string\",\"null\"]},\"amountCents\":{\"type\":\"integer\"},"
            + "\"lines\":{\"type\":[\"array\",\"null\"],\"items\":{\"type\":[\"object\",\"null\"],\"properties\":{"
            + "\"sku\":{\"type\":[\"string\",\"null\"]},\"quantity\":{\"type\":\"integer\"}},\"required\":[\"quantity\"]}}},"
            + "\"required\":[\"amountCents\"]}",
        PayloadSchemas.of(Order.class));
  }

  @Test
  void primitivesAreRequiredAndEverythingElseMayBeNull() {
    JsonNode schema = schemaOf(Scalars.class);
    assertEquals(j("['c','i','l','sh','b','f','z']"), schema.get("required"));
    JsonNode expected =
        j(
            """
        {'s':{'type':['string','null']},'cs':{'type':['string','null']},'c':{'type':'string'},
         'boxedC':{'type':['string','null']},'uuid':{'type':['string','null']},'uri':{'type':['string','null']},
         'i':{'type':'integer'},'boxedI':{'type':['integer','null']},'l':{'type':'integer'},
         'boxedL':{'type':['integer','null']},'sh':{'type':'integer'},'b':{'type':'integer'},
         'big':{'type':['integer','null']},'f':{'type':'number'},'boxedD':{'type':['number','null']},
         'dec':{'type':['number','null']},'n':{'type':['number','null']},'atomic':{'type':['number','null']},
         'z':{'type':'boolean'},'boxedZ':{'type':['boolean','null']},'at':{'type':['string','null']},
         'day':{'type':['string','null']},'odt':{'type':['string','null']},'zone':{'type':['string','null']},
         'bytes':{'type':['string','null']},'chars':{'type':['string','null']}}""");
    assertEquals(expected, schema.get("properties"));
  }

  @Test
  void enumsListTheirNamesAndNullWhenTheyMayBeNull() {
    assertEquals(
        j(
            """
        {'status':{'type':['string','null'],'enum':['NEW','PAID',null]},
         'renamed':{'type':['string','null'],'enum':['in-progress','DONE',null]},
         'day':{'type':['string','null'],'enum':['MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY','SATURDAY','SUNDAY',null]}}"""),
        schemaOf(Enums.class).get("properties"));
  }

  @Test
  void collectionsAndArraysAreArraysOfTheirElementsAndMapsObjectsOfTheirValues() {
    String line =
        "{'type':['object','null'],'properties':{'sku':{'type':['string','null']},'quantity':{'type':'integer'}},"
            + "'required':['quantity']}";
    assertEquals(
        j(
            """
        {'strings':{'type':['array','null'],'items':{'type':['string','null']}},
         'ints':{'type':['array','null'],'items':{'type':['integer','null']}},
         'lines':{'type':['array','null'],'items':LINE},
         'primitives':{'type':['array','null'],'items':{'type':'integer'}},
         'texts':{'type':['array','null'],'items':{'type':['string','null']}},
         'matrix':{'type':['array','null'],'items':{'type':['array','null'],'items':{'type':['integer','null']}}},
         'raw':{'type':['array','null'],'items':{}},
         'bounded':{'type':['array','null'],'items':LINE},
         'counts':{'type':['object','null'],'additionalProperties':{'type':['integer','null']}},
         'groups':{'type':['object','null'],'additionalProperties':{'type':['array','null'],'items':LINE}}}"""
                .replace("LINE", line)),
        schemaOf(Containers.class).get("properties"));
  }

  @Test
  void typeArgumentsOfGenericRecordsAreFollowed() {
    JsonNode page = property(Report.class, "page").get("properties");
    assertEquals(j("['object','null']"), page.get("items").get("items").get("type"));
    assertEquals(
        j("'integer'"),
        page.get("array").get("items").get("properties").get("quantity").get("type"));
    assertEquals(
        j("['string','null']"), page.get("first").get("properties").get("sku").get("type"));
    JsonNode pages = property(Report.class, "pages").get("properties");
    // Page<Page<Status>>: the inner Page is on the path already, so it is not expanded again.
    assertEquals(j("{'type':['array','null'],'items':{}}"), pages.get("items"));
    assertEquals(j("{}"), pages.get("first"));
  }

  @Test
  void anUnboundTypeVariableIsAnything() {
    assertEquals(j("{'type':['array','null'],'items':{}}"), property(Page.class, "items"));
    assertEquals(j("{}"), property(Page.class, "first"));
  }

  @Test
  void aRecordInsideItselfIsAnything() {
    assertEquals(j("{'type':['array','null'],'items':{}}"), property(Tree.class, "children"));
    JsonNode pong = property(Ping.class, "pong");
    assertEquals(j("{'ping':{},'n':{'type':'integer'}}"), pong.get("properties"));
    assertEquals(j("['n']"), pong.get("required"));
  }

  @Test
  void unknownTypesAreAnythingAndPlainClassesObjects() {
    assertEquals(
        j(
            """
        {'anything':{},'node':{},'maybe':{},'took':{},'shape':{},'base':{},'bean':{'type':['object','null']}}"""),
        schemaOf(Loose.class).get("properties"));
  }

  @Test
  void jacksonRenamesIgnoresAndValuesAreFollowed() {
    JsonNode schema = schemaOf(Annotated.class);
    assertEquals(
        j("{'order_id':{'type':['string','null']},'count':{'type':'integer'}}"),
        schema.get("properties"));
    assertEquals(j("['count']"), schema.get("required"));
  }

  @Test
  void onlyARecordPayloadMustBeAnObject() {
    String draft = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"";
    assertEquals(
        draft
            + ",\"type\":\"object\",\"properties\":{\"sku\":{\"type\":[\"string\",\"null\"]},"
            + "\"quantity\":{\"type\":\"integer\"}},\"required\":[\"quantity\"]}",
        PayloadSchemas.of(Line.class));
    assertEquals(draft + ",\"type\":[\"string\",\"null\"]}", PayloadSchemas.of(String.class));
    assertEquals(draft + ",\"type\":\"integer\"}", PayloadSchemas.of(int.class));
    assertEquals(draft + ",\"type\":[\"object\",\"null\"]}", PayloadSchemas.of(Bean.class));
    assertEquals(
        draft + ",\"type\":[\"string\",\"null\"],\"enum\":[\"NEW\",\"PAID\",null]}",
        PayloadSchemas.of(Status.class));
    assertEquals(
        draft + ",\"type\":[\"array\",\"null\"],\"items\":{}}", PayloadSchemas.of(List.class));
    // A record still, so not null, but Jackson writes it as its @JsonValue.
    assertEquals(draft + ",\"type\":\"string\"}", PayloadSchemas.of(OrderId.class));
    assertEquals(draft + "}", PayloadSchemas.of(Object.class));
  }

  @Test
  void everyDerivedSchemaIsOneTheValidatorAccepts() {
    for (Class<?> type :
        List.of(
            Order.class,
            Scalars.class,
            Enums.class,
            Containers.class,
            Page.class,
            Report.class,
            Tree.class,
            Ping.class,
            Loose.class,
            Annotated.class,
            String.class,
            int.class,
            Object.class)) {
      PayloadSchema.parse(PayloadSchemas.of(type));
    }
  }

  // --- round trip ------------------------------------------------------------------------------

  record Customer(
      String name,
      int age,
      Status status,
      List<String> tags,
      Map<String, Integer> scores,
      Line favourite,
      Instant since) {}

  @Test
  void aDerivedSchemaAcceptsWhatJacksonWritesOfTheType() throws JsonProcessingException {
    PayloadSchema schema = PayloadSchema.parse(PayloadSchemas.of(Order.class));
    Order order = new Order("o-1", 1250, List.of(new Line("sku-1", 2), new Line(null, 0)));
    assertEquals(List.of(), schema.validate(MAPPER.writeValueAsString(order)));
    assertEquals(List.of(), schema.validate(MAPPER.writeValueAsString(new Order(null, 0, null))));
  }

  @Test
  void aDerivedSchemaAcceptsAbsentAndNullOptionalsAndUnknownMembers() {
    PayloadSchema schema = PayloadSchema.parse(PayloadSchemas.of(Customer.class));
    assertEquals(List.of(), schema.validate("{\"age\": 36}"));
    assertEquals(
        List.of(),
        schema.validate(
            """
        {"name": "Ada", "age": 36, "status": null, "tags": ["x", null], "scores": {"a": 1, "b": null},
         "favourite": {"sku": "s", "quantity": 1}, "since": "2026-11-23T10:00:00Z", "addedLater": true}"""));
  }

  @Test
  void aDerivedSchemaListsWhatIsWrongWithABadPayload() {
    PayloadSchema schema = PayloadSchema.parse(PayloadSchemas.of(Customer.class));
    List<String> errors =
        schema.validate(
            """
        {"name": 7, "status": "GONE", "tags": ["ok", 3], "scores": {"a": "high"},
         "favourite": {"sku": "s"}, "since": 1700000000}""");
    assertEquals(
        List.of(
            "$.name: must be a string or null, was integer",
            "$.age: is required",
            "$.status: must be one of [\"NEW\", \"PAID\", null]",
            "$.tags[1]: must be a string or null, was integer",
            "$.scores.a: must be an integer or null, was string",
            "$.favourite.quantity: is required",
            "$.since: must be a string or null, was integer"),
        errors);
    assertFalse(schema.validate("[]").isEmpty());
    assertEquals(List.of("$: must be an object, was null"), schema.validate("null"));
  }
}
