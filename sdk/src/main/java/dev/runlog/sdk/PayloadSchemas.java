package dev.runlog.sdk;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Derives the JSON Schema a job declares for its payload from the payload's Java type, so that the
 * engine can mark a run INVALID_PAYLOAD up front instead of the job failing to read it.
 *
 * <pre>{@code
 * record Line(String sku, int quantity) {}
 * record Order(String id, long amountCents, List<Line> lines) {}
 *
 * PayloadSchemas.of(Order.class);
 * // {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{
 * //   "id":{"type":["string","null"]},"amountCents":{"type":"integer"},
 * //   "lines":{"type":["array","null"],"items":{"type":["object","null"],"properties":{
 * //     "sku":{"type":["string","null"]},"quantity":{"type":"integer"}},"required":["quantity"]}}},
 * //  "required":["amountCents"]}
 * }</pre>
 *
 * <p>The rules, which follow what the SDK's Jackson mapper reads and writes:
 *
 * <ul>
 *   <li>A record is an object with a property per component, in declaration order. A component of a
 *       primitive type is required; any other may be absent or null. Unknown members are allowed,
 *       since the SDK ignores them. {@code @JsonProperty("name")} renames a component and
 *       {@code @JsonIgnore} drops it.
 *   <li>Reference types everywhere (components, list elements, map values) also admit null: {@code
 *       "type": ["string", "null"]}, and a nullable enum lists null among its values. Only the
 *       payload itself, when it is a record, must not be null.
 *   <li>Strings: {@code String}, {@code CharSequence}, {@code char}, {@code UUID}, {@code URI},
 *       {@code URL}, {@code byte[]} (base64), {@code char[]} and the java.time date, time and zone
 *       types ({@code Instant}, {@code LocalDate}, {@code OffsetDateTime}...), which the SDK writes
 *       as ISO strings. Integers: {@code int}, {@code long}, {@code short}, {@code byte}, their
 *       boxes, {@code BigInteger}. Numbers: {@code float}, {@code double}, {@code BigDecimal},
 *       {@code Number}. Booleans. Enums, the JDK's included ({@code DayOfWeek}): their constant
 *       names (or {@code @JsonProperty} names).
 *   <li>Collections and arrays are arrays of their element type; {@code Map<K, V>} is an object
 *       whose members are all V. Type arguments of generic records are followed.
 *   <li>A type with a {@code @JsonValue} method or field is the schema of what that returns.
 *   <li>Anything else is unconstrained ({@code {}}): {@code Object}, {@code JsonNode}, interfaces,
 *       abstract classes, other JDK types ({@code Optional}, {@code Duration}, {@code Date}...),
 *       and a record that contains itself, below its first level. A plain class is {@code "type":
 *       "object"} with no properties: beans are not introspected.
 * </ul>
 *
 * <p>Other Jackson customizations (naming strategies, mix-ins, {@code @JsonFormat},
 * {@code @JsonUnwrapped}, {@code @JsonTypeInfo}) are not seen; a job using them should write its
 * schema by hand.
 */
public final class PayloadSchemas {
  private static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Types with a fixed JSON type, whatever their context. */
  private static final Map<Class<?>, String> SIMPLE =
      Map.ofEntries(
          Map.entry(String.class, "string"),
          Map.entry(char.class, "string"),
          Map.entry(Character.class, "string"),
          Map.entry(UUID.class, "string"),
          Map.entry(URI.class, "string"),
          Map.entry(URL.class, "string"),
          Map.entry(byte[].class, "string"),
          Map.entry(char[].class, "string"),
          Map.entry(Instant.class, "string"),
          Map.entry(LocalDate.class, "string"),
          Map.entry(LocalDateTime.class, "string"),
          Map.entry(LocalTime.class, "string"),
          Map.entry(OffsetDateTime.class, "string"),
          Map.entry(OffsetTime.class, "string"),
          Map.entry(ZonedDateTime.class, "string"),
          Map.entry(YearMonth.class, "string"),
          Map.entry(MonthDay.class, "string"),
          Map.entry(Period.class, "string"),
          Map.entry(int.class, "integer"),
          Map.entry(Integer.class, "integer"),
          Map.entry(long.class, "integer"),
          Map.entry(Long.class, "integer"),
          Map.entry(short.class, "integer"),
          Map.entry(Short.class, "integer"),
          Map.entry(byte.class, "integer"),
          Map.entry(Byte.class, "integer"),
          Map.entry(BigInteger.class, "integer"),
          Map.entry(float.class, "number"),
          Map.entry(Float.class, "number"),
          Map.entry(double.class, "number"),
          Map.entry(Double.class, "number"),
          Map.entry(BigDecimal.class, "number"),
          Map.entry(Number.class, "number"),
          Map.entry(boolean.class, "boolean"),
          Map.entry(Boolean.class, "boolean"));

  private PayloadSchemas() {}

  /** The schema of a payload type, as compact JSON. */
  public static String of(Class<?> type) {
    Objects.requireNonNull(type, "type");
    ObjectNode root = NODES.objectNode().put("$schema", DRAFT);
    root.setAll(schema(type, Map.of(), Set.of(), !type.isRecord()));
    return root.toString();
  }

  /**
   * @param bindings what the type variables of the enclosing generic records stand for
   * @param path the records being expanded, to stop at one that contains itself
   */
  private static ObjectNode schema(
      Type type, Map<TypeVariable<?>, Type> bindings, Set<Class<?>> path, boolean nullable) {
    if (type instanceof TypeVariable<?> variable) {
      Type bound = bindings.get(variable);
      return schema(bound != null ? bound : variable.getBounds()[0], bindings, path, nullable);
    }
    if (type instanceof WildcardType wildcard) {
      return schema(wildcard.getUpperBounds()[0], bindings, path, nullable);
    }
    if (type instanceof GenericArrayType array) {
      return array(schema(array.getGenericComponentType(), bindings, path, true), nullable);
    }
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    boolean orNull = nullable && !raw.isPrimitive();
    String simple = SIMPLE.get(raw);
    if (simple != null
        || CharSequence.class.isAssignableFrom(raw)
        || ZoneId.class.isAssignableFrom(raw)) {
      return typed(simple != null ? simple : "string", orNull);
    }
    if (Number.class.isAssignableFrom(raw)) {
      return typed("number", orNull);
    }
    if (raw.isArray()) {
      Class<?> element = raw.getComponentType();
      return array(schema(element, bindings, path, !element.isPrimitive()), orNull);
    }
    if (Collection.class.isAssignableFrom(raw)) {
      return array(schema(typeArgument(type, 0, 1), bindings, path, true), orNull);
    }
    if (Map.class.isAssignableFrom(raw)) {
      ObjectNode map = typed("object", orNull);
      map.set("additionalProperties", schema(typeArgument(type, 1, 2), bindings, path, true));
      return map;
    }
    if (raw == Object.class || JsonNode.class.isAssignableFrom(raw) || path.contains(raw)) {
      return NODES.objectNode();
    }
    boolean jdk = isJdk(raw);
    Type delegate = jdk ? null : jsonValueType(raw);
    if (delegate != null) {
      return schema(delegate, bindings, with(path, raw), nullable);
    }
    if (raw.isEnum()) {
      return enumeration(raw, orNull);
    }
    if (raw.isRecord()) {
      return record(raw, type, bindings, with(path, raw), orNull);
    }
    if (jdk || raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
      // Optional, Duration, Date, a sealed interface...: what Jackson makes of them varies, so
      // allow anything.
      return NODES.objectNode();
    }
    return typed("object", orNull);
  }

  private static ObjectNode record(
      Class<?> raw,
      Type type,
      Map<TypeVariable<?>, Type> outer,
      Set<Class<?>> path,
      boolean orNull) {
    Map<TypeVariable<?>, Type> bindings = outer;
    if (type instanceof ParameterizedType parameterized) {
      // Merged, not replaced: an argument may itself mention the enclosing record's variables.
      bindings = new HashMap<>(outer);
      TypeVariable<?>[] variables = raw.getTypeParameters();
      for (int i = 0; i < variables.length; i++) {
        bindings.put(variables[i], parameterized.getActualTypeArguments()[i]);
      }
    }
    ObjectNode object = typed("object", orNull);
    ObjectNode properties = object.putObject("properties");
    ArrayNode required = NODES.arrayNode();
    for (RecordComponent component : raw.getRecordComponents()) {
      JsonProperty renamed = annotation(raw, component, JsonProperty.class);
      JsonIgnore ignored = annotation(raw, component, JsonIgnore.class);
      if (ignored != null && ignored.value()) {
        continue;
      }
      String name =
          renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
      boolean primitive = component.getType().isPrimitive();
      properties.set(name, schema(component.getGenericType(), bindings, path, !primitive));
      if (primitive) {
        required.add(name);
      }
    }
    if (!required.isEmpty()) {
      object.set("required", required);
    }
    return object;
  }

  private static ObjectNode enumeration(Class<?> raw, boolean orNull) {
    ObjectNode schema = typed("string", orNull);
    ArrayNode names = schema.putArray("enum");
    for (Object constant : raw.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      JsonProperty renamed = fieldAnnotation(raw, name, JsonProperty.class);
      names.add(renamed != null && !renamed.value().isEmpty() ? renamed.value() : name);
    }
    if (orNull) {
      // enum is checked on its own: without null here, "type" would let null through and enum stop
      // it.
      names.addNull();
    }
    return schema;
  }

  private static ObjectNode array(ObjectNode items, boolean orNull) {
    ObjectNode array = typed("array", orNull);
    array.set("items", items);
    return array;
  }

  private static ObjectNode typed(String type, boolean orNull) {
    ObjectNode schema = NODES.objectNode();
    if (orNull) {
      schema.putArray("type").add(type).add("null");
    } else {
      schema.put("type", type);
    }
    return schema;
  }

  /** The index-th type argument when the type spells out all {@code count} of them, else Object. */
  private static Type typeArgument(Type type, int index, int count) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == count) {
      return p.getActualTypeArguments()[index];
    }
    return Object.class;
  }

  private static boolean isJdk(Class<?> raw) {
    String pkg = raw.getPackageName();
    return pkg.startsWith("java.")
        || pkg.startsWith("javax.")
        || pkg.startsWith("jdk.")
        || pkg.startsWith("sun.");
  }

  /**
   * The type Jackson writes instead of the object, when a method or field says {@code @JsonValue}.
   */
  private static Type jsonValueType(Class<?> raw) {
    for (Method method : raw.getMethods()) {
      JsonValue value = method.getAnnotation(JsonValue.class);
      if (value != null && value.value() && method.getParameterCount() == 0) {
        return method.getGenericReturnType();
      }
    }
    for (Field field : raw.getDeclaredFields()) {
      JsonValue value = field.getAnnotation(JsonValue.class);
      if (value != null && value.value()) {
        return field.getGenericType();
      }
    }
    return null;
  }

  /**
   * A Jackson annotation written on a record component. Jackson's annotations do not target record
   * components, so Java moves them to the accessor and the field: look there.
   */
  private static <A extends java.lang.annotation.Annotation> A annotation(
      Class<?> record, RecordComponent component, Class<A> kind) {
    A onAccessor = component.getAccessor().getAnnotation(kind);
    return onAccessor != null ? onAccessor : fieldAnnotation(record, component.getName(), kind);
  }

  private static <A extends java.lang.annotation.Annotation> A fieldAnnotation(
      Class<?> owner, String name, Class<A> kind) {
    try {
      return owner.getDeclaredField(name).getAnnotation(kind);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static Set<Class<?>> with(Set<Class<?>> path, Class<?> type) {
    Set<Class<?>> longer = new HashSet<>(path);
    longer.add(type);
    return longer;
  }
}
