package dev.runlog.protocol.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a parsed schema into {@link SchemaNode}s, checking each supported keyword's value on the
 * way, so that a broken schema fails when a job is registered rather than when its first run
 * arrives. Errors name the place in the schema as a JSON pointer ({@code #/properties/age}).
 */
final class SchemaCompiler {
  private SchemaCompiler() {}

  static SchemaNode compile(JsonNode schema, String at) {
    if (schema.isBoolean()) {
      return schema.booleanValue() ? SchemaNode.ANYTHING : SchemaNode.NOTHING;
    }
    if (!schema.isObject()) {
      throw invalid(
          at, "a schema must be an object or a boolean, was " + JsonType.of(schema).keyword);
    }
    Pattern pattern = null;
    if (schema.has("pattern")) {
      pattern = regex(schema.get("pattern"), at);
    }
    return new SchemaNode(
        false,
        types(schema.get("type"), at),
        properties(schema.get("properties"), at),
        required(schema.get("required"), at),
        subschema(schema, "additionalProperties", at),
        items(schema, at),
        count(schema, "minItems", at),
        count(schema, "maxItems", at),
        enumValues(schema.get("enum"), at),
        schema.get("const"),
        number(schema, "minimum", at),
        number(schema, "maximum", at),
        number(schema, "exclusiveMinimum", at),
        number(schema, "exclusiveMaximum", at),
        count(schema, "minLength", at),
        count(schema, "maxLength", at),
        pattern,
        subschemas(schema, "anyOf", at),
        subschemas(schema, "oneOf", at),
        subschemas(schema, "allOf", at));
  }

  private static Set<JsonType> types(JsonNode type, String at) {
    if (type == null) {
      return Set.of();
    }
    List<JsonNode> names = new ArrayList<>();
    if (type.isArray() && !type.isEmpty()) {
      type.forEach(names::add);
    } else if (type.isTextual()) {
      names.add(type);
    } else {
      throw invalid(at, "type must be a type name or a non-empty array of them, was " + type);
    }
    Set<JsonType> types = EnumSet.noneOf(JsonType.class);
    for (JsonNode name : names) {
      JsonType named = name.isTextual() ? JsonType.named(name.textValue()) : null;
      if (named == null) {
        throw invalid(
            at,
            "unknown type "
                + name
                + " (known: object, array, string, integer, number, boolean, null)");
      }
      types.add(named);
    }
    return Collections.unmodifiableSet(types);
  }

  private static Map<String, SchemaNode> properties(JsonNode properties, String at) {
    if (properties == null) {
      return Map.of();
    }
    if (!properties.isObject()) {
      throw invalid(at, "properties must be an object, was " + JsonType.of(properties).keyword);
    }
    Map<String, SchemaNode> compiled = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> property : properties.properties()) {
      compiled.put(
          property.getKey(),
          compile(property.getValue(), at + "/properties/" + pointerToken(property.getKey())));
    }
    return Collections.unmodifiableMap(compiled);
  }

  private static Set<String> required(JsonNode required, String at) {
    if (required == null) {
      return Set.of();
    }
    Set<String> names = new LinkedHashSet<>();
    if (required.isArray()) {
      for (JsonNode name : required) {
        if (!name.isTextual()) {
          throw invalid(at, "required must be an array of property names, had " + name);
        }
        names.add(name.textValue());
      }
      return Collections.unmodifiableSet(names);
    }
    // Draft 3 put "required": true on the property itself; say so rather than ignore it.
    throw invalid(at, "required must be an array of property names, was " + required);
  }

  private static SchemaNode items(JsonNode schema, String at) {
    JsonNode items = schema.get("items");
    if (items != null && items.isArray()) {
      throw invalid(at, "items must be a schema; the array (tuple) form is not supported");
    }
    return subschema(schema, "items", at);
  }

  /** A keyword whose value is one schema; null when absent. */
  private static SchemaNode subschema(JsonNode schema, String keyword, String at) {
    JsonNode value = schema.get(keyword);
    return value == null ? null : compile(value, at + "/" + keyword);
  }

  private static List<SchemaNode> subschemas(JsonNode schema, String keyword, String at) {
    JsonNode value = schema.get(keyword);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray() || value.isEmpty()) {
      throw invalid(at, keyword + " must be a non-empty array of schemas");
    }
    List<SchemaNode> compiled = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      compiled.add(compile(value.get(i), at + "/" + keyword + "/" + i));
    }
    return List.copyOf(compiled);
  }

  private static List<JsonNode> enumValues(JsonNode values, String at) {
    if (values == null) {
      return null;
    }
    if (!values.isArray()) {
      throw invalid(at, "enum must be an array, was " + JsonType.of(values).keyword);
    }
    List<JsonNode> list = new ArrayList<>();
    values.forEach(list::add);
    return Collections.unmodifiableList(list);
  }

  /** minItems, maxItems, minLength, maxLength: a non-negative integer. */
  private static Integer count(JsonNode schema, String keyword, String at) {
    JsonNode value = schema.get(keyword);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()
        || JsonType.of(value) != JsonType.INTEGER
        || value.decimalValue().signum() < 0) {
      throw invalid(at, keyword + " must be a non-negative integer, was " + value);
    }
    // Beyond Integer.MAX_VALUE no string or array can reach the bound anyway.
    BigDecimal bound = value.decimalValue().min(BigDecimal.valueOf(Integer.MAX_VALUE));
    return bound.intValue();
  }

  private static BigDecimal number(JsonNode schema, String keyword, String at) {
    JsonNode value = schema.get(keyword);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      // Draft 4 spelled exclusiveMinimum as a boolean next to minimum.
      throw invalid(at, keyword + " must be a number, was " + value);
    }
    return value.decimalValue();
  }

  private static Pattern regex(JsonNode pattern, String at) {
    if (!pattern.isTextual()) {
      throw invalid(at, "pattern must be a string, was " + pattern);
    }
    try {
      return Pattern.compile(pattern.textValue());
    } catch (PatternSyntaxException e) {
      throw invalid(
          at, "pattern " + pattern + " is not a valid regular expression: " + e.getDescription());
    }
  }

  /** A property name as a JSON pointer token (RFC 6901). */
  private static String pointerToken(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static IllegalArgumentException invalid(String at, String message) {
    return new IllegalArgumentException("invalid payload schema at " + at + ": " + message);
  }
}
