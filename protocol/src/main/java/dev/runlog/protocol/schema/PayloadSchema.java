package dev.runlog.protocol.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.runlog.protocol.schema.Problems.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A job's declared payload schema, compiled once and checked against every trigger event's payload.
 * A run whose payload fails gets the INVALID_PAYLOAD status with {@link #validate}'s errors.
 *
 * <pre>{@code
 * PayloadSchema schema = PayloadSchema.parse("""
 *     {"type": "object",
 *      "properties": {"name": {"type": "string", "maxLength": 10}, "age": {"type": "integer"}},
 *      "required": ["name"]}""");
 * schema.validate("{\"name\": \"Ada\", \"age\": 36}");  // []
 * schema.validate("{\"age\": \"36\"}");                 // ["$.name: is required", "$.age: must be an integer, was string"]
 * }</pre>
 *
 * <p>It understands a practical subset of JSON Schema draft 2020-12: {@code type} (a name or an
 * array of them), {@code properties}, {@code required}, {@code additionalProperties} (boolean or
 * schema), {@code items} (one schema), {@code minItems}, {@code maxItems}, {@code enum}, {@code
 * const}, {@code minimum}, {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum}
 * (numbers), {@code minLength}, {@code maxLength} (in code points), {@code pattern}, {@code anyOf},
 * {@code oneOf}, {@code allOf}, and boolean schemas. {@code format}, {@code $schema}, {@code
 * title}, {@code description}, {@code default} and {@code examples} are accepted and do nothing.
 *
 * <p><b>Any other keyword is ignored</b>, as JSON Schema says unknown keywords must be, including
 * ones a fuller validator would apply: {@code $ref}/{@code $defs}, {@code not}, {@code if}/{@code
 * then}/{@code else}, {@code patternProperties}, {@code prefixItems}, {@code uniqueItems}, {@code
 * contains}, {@code minProperties}. A schema that relies on them accepts more than it says.
 *
 * <p>Some details a schema author may trip on:
 *
 * <ul>
 *   <li>{@code pattern} is a {@link java.util.regex.Pattern}, not an ECMA 262 regex (the two agree
 *       on common syntax) and, as the spec says, it matches anywhere in the string unless anchored
 *       with {@code ^...$}. A match that backtracks too much is reported as an error rather than
 *       left to stall the engine.
 *   <li>A number with a zero fraction ({@code 2.0}) is an {@code integer}; numbers are compared
 *       exactly, as decimals, so {@code 0.1} is not rounded.
 *   <li>A type mismatch is the only error reported for that value: the other keywords on it are not
 *       checked.
 *   <li>For a payload with a repeated member name, the last one is validated, as Jackson (and so
 *       the SDK) reads it.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe. Two schemas are equal when their texts are.
 */
public final class PayloadSchema {
  /** At most this many errors are listed; past it, the last one says that more were left out. */
  public static final int MAX_ERRORS = 50;

  // Floats as BigDecimal for exact comparisons, kept as written so messages say 10.0, not 1E+1.
  // ObjectReader is immutable, so sharing one is not shared mutable state.
  private static final ObjectReader READER =
      new ObjectMapper()
          .reader()
          .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String json;
  private final SchemaNode root;

  private PayloadSchema(String json, SchemaNode root) {
    this.json = json;
    this.root = root;
  }

  /**
   * Parses and compiles a schema.
   *
   * @throws IllegalArgumentException when the text is not JSON, not an object or boolean, or a
   *     supported keyword has a malformed value (an unknown type name, a negative minLength, a
   *     pattern that does not compile); the message says where
   */
  public static PayloadSchema parse(String schemaJson) {
    Objects.requireNonNull(schemaJson, "schemaJson");
    JsonNode tree;
    try {
      tree = READER.readTree(schemaJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("payload schema is not valid JSON: " + describe(e), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new IllegalArgumentException("payload schema is empty");
    }
    return new PayloadSchema(schemaJson, SchemaCompiler.compile(tree, "#"));
  }

  /**
   * The payload's errors, empty when it is valid. Each reads {@code "<path>: <message>"}, such as
   * {@code "$.lines[2].sku: is required"}; errors come in the schema's property order, then array
   * index order, and there are at most {@link #MAX_ERRORS}. A payload that is not JSON gets one
   * error.
   *
   * @param payloadJson the payload as JSON text; null is read as JSON {@code null}
   */
  public List<String> validate(String payloadJson) {
    JsonNode payload;
    if (payloadJson == null) {
      payload = NullNode.getInstance();
    } else {
      try {
        payload = READER.readTree(payloadJson);
      } catch (JsonProcessingException e) {
        return List.of("$: is not valid JSON: " + describe(e));
      }
      if (payload == null || payload.isMissingNode()) {
        return List.of("$: is not valid JSON: no content");
      }
    }
    Problems problems = new Problems(MAX_ERRORS);
    root.validate(payload, Path.ROOT, problems);
    if (!problems.overflowed()) {
      return List.copyOf(problems.messages());
    }
    List<String> capped = new ArrayList<>(problems.messages().subList(0, MAX_ERRORS - 1));
    capped.add("$: too many errors, only the first " + (MAX_ERRORS - 1) + " are listed");
    return List.copyOf(capped);
  }

  /** The schema text, exactly as given to {@link #parse}. */
  public String json() {
    return json;
  }

  private static String describe(JsonProcessingException e) {
    // The original message leaves out Jackson's source excerpt, which would echo the payload back.
    var at = e.getLocation();
    return at == null
        ? e.getOriginalMessage()
        : e.getOriginalMessage()
            + " (line "
            + at.getLineNr()
            + ", column "
            + at.getColumnNr()
            + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PayloadSchema other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "PayloadSchema" + json;
  }
}
