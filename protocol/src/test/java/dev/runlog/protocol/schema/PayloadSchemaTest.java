package dev.runlog.protocol.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadSchemaTest {

  /** JSON with single quotes, so that tests read like the schemas they hold. */
  private static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static List<String> errors(String schema, String payload) {
    return PayloadSchema.parse(j(schema)).validate(j(payload));
  }

  private static void valid(String schema, String payload) {
    assertEquals(List.of(), errors(schema, payload), payload);
  }

  private static String invalidSchema(String schema) {
    return assertThrows(IllegalArgumentException.class, () -> PayloadSchema.parse(j(schema)))
        .getMessage();
  }

  @Test
  void theJavadocExampleHolds() {
    PayloadSchema schema =
        PayloadSchema.parse(
            """
        {"type": "object",
         "properties": {"name": {"type": "string", "maxLength": 10}, "age": {"type": "integer"}},
         "required": ["name"]}""");
    assertEquals(List.of(), schema.validate("{\"name\": \"Ada\", \"age\": 36}"));
    assertEquals(
        List.of("$.name: is required", "$.age: must be an integer, was string"),
        schema.validate("{\"age\": \"36\"}"));
  }

  @Nested
  class Type {
    @ParameterizedTest(name = "{0} admits {1}, not {2}")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        value = {
          "object  | {'a':1} | []     | $: must be an object, was array",
          "array   | [1,'x'] | {}     | $: must be an array, was object",
          "string  | ''      | 1      | $: must be a string, was integer",
          "integer | -7      | 1.5    | $: must be an integer, was number",
          "integer | 2.0     | '2'    | $: must be an integer, was string",
          "number  | 1.5     | true   | $: must be a number, was boolean",
          "number  | 3       | null   | $: must be a number, was null",
          "boolean | false   | 'true' | $: must be a boolean, was string",
          "null    | null    | 0      | $: must be null, was integer"
        })
    void eachTypeAdmitsItsValuesAndNamesTheOneItGot(
        String type, String good, String bad, String error) {
      String schema = "{'type':'" + type + "'}";
      valid(schema, good);
      assertEquals(List.of(error), errors(schema, bad));
    }

    @Test
    void anArrayOfTypesAdmitsEach() {
      String schema = "{'type':['string','null']}";
      valid(schema, "'x'");
      valid(schema, "null");
      assertEquals(List.of("$: must be a string or null, was integer"), errors(schema, "1"));
      assertEquals(
          List.of("$: must be an object, an array or null, was boolean"),
          errors("{'type':['object','array','null']}", "true"));
    }

    @Test
    void aHugeWholeNumberIsAnInteger() {
      valid("{'type':'integer'}", "123456789012345678901234567890");
      valid("{'type':'integer'}", "1e400");
      assertEquals(
          List.of("$: must be an integer, was number"), errors("{'type':'integer'}", "1e-400"));
    }

    @Test
    void aJavaNullPayloadIsJsonNull() {
      assertEquals(
          List.of("$: must be an object, was null"),
          PayloadSchema.parse(j("{'type':'object'}")).validate(null));
      assertEquals(List.of(), PayloadSchema.parse("{}").validate(null));
    }

    @Test
    void aMismatchIsTheOnlyErrorReportedForThatValue() {
      assertEquals(
          List.of("$: must be a string, was integer"),
          errors(
              "{'type':'string','minLength':3,'enum':['abc'],'const':'abc','pattern':'^a'}", "5"));
    }
  }

  @Nested
  class Objects {
    private static final String PERSON =
        """
        {'type':'object',
         'properties':{
           'name':{'type':'string'},
           'age':{'type':'integer','minimum':0},
           'address':{'type':'object',
                      'properties':{'city':{'type':'string'},'zip':{'type':'string'}},
                      'required':['city']}},
         'required':['name','age']}""";

    @Test
    void aCompletePayloadIsValid() {
      valid(PERSON, "{'name':'Ada','age':36,'address':{'city':'London'},'unknown':[1]}");
    }

    @Test
    void missingAndWrongMembersAreReportedAtTheirPaths() {
      assertEquals(
          List.of(
              "$.name: is required",
              "$.age: must be an integer, was string",
              "$.address.city: is required",
              "$.address.zip: must be a string, was integer"),
          errors(PERSON, "{'address':{'zip':75001},'age':'36'}"));
    }

    @Test
    void errorsFollowTheSchemasPropertyOrderNotThePayloads() {
      assertEquals(
          List.of("$.name: must be a string, was integer", "$.age: must be an integer, was string"),
          errors(PERSON, "{'age':'x','name':1}"));
    }

    @Test
    void aRequiredMemberNeedNotBeDeclared() {
      assertEquals(
          List.of("$.b: is required"),
          errors("{'properties':{'a':{}},'required':['a','b']}", "{'a':null}"));
    }

    @Test
    void anExplicitNullIsPresent() {
      valid("{'required':['a']}", "{'a':null}");
      assertEquals(
          List.of("$.a: must be a string, was null"),
          errors("{'properties':{'a':{'type':'string'}},'required':['a']}", "{'a':null}"));
    }

    @Test
    void objectKeywordsIgnoreOtherTypes() {
      valid(
          "{'properties':{'a':{'type':'string'}},'required':['a'],'additionalProperties':false}",
          "[1]");
    }

    @Test
    void additionalPropertiesFalseRejectsUndeclaredMembersInPayloadOrder() {
      String schema = "{'properties':{'a':{}},'additionalProperties':false}";
      valid(schema, "{'a':1}");
      assertEquals(
          List.of("$.z: is not allowed", "$.b: is not allowed"),
          errors(schema, "{'z':1,'a':1,'b':2}"));
    }

    @Test
    void additionalPropertiesAsASchemaChecksEachUndeclaredMember() {
      String schema =
          "{'properties':{'id':{'type':'string'}},'additionalProperties':{'type':'integer'}}";
      valid(schema, "{'id':'x','a':1,'b':2}");
      assertEquals(
          List.of("$.b: must be an integer, was string"),
          errors(schema, "{'id':'x','a':1,'b':'2'}"));
    }

    @Test
    void additionalPropertiesTrueChangesNothing() {
      valid("{'properties':{'a':{}},'additionalProperties':true}", "{'a':1,'b':2}");
    }

    @Test
    void aMemberThatIsNoIdentifierIsBracketed() {
      assertEquals(
          List.of(
              "$['first name']: is required",
              "$['1st']: is required",
              "$['it\\'s']: is required",
              "$.ok_$1: is required"),
          PayloadSchema.parse("{\"required\":[\"first name\",\"1st\",\"it's\",\"ok_$1\"]}")
              .validate("{}"));
    }

    @Test
    void aRepeatedMemberIsCheckedByItsLastValue() {
      valid("{'properties':{'a':{'type':'string'}}}", "{'a':1,'a':'x'}");
    }
  }

  @Nested
  class Arrays {
    @Test
    void itemsAreCheckedAtTheirIndex() {
      String schema =
          "{'properties':{'tags':{'type':'array','items':{'type':'string','maxLength':10}}}}";
      valid(schema, "{'tags':['a','b']}");
      assertEquals(
          List.of(
              "$.tags[1]: must be a string, was integer",
              "$.tags[2]: must be at most 10 characters"),
          errors(schema, "{'tags':['ok',2,'much too long']}"));
    }

    @Test
    void nestedArraysAndObjectsMakeLongPaths() {
      String schema =
          "{'items':{'items':{'properties':{'sku':{'type':'string'}},'required':['sku']}}}";
      assertEquals(
          List.of("$[1][0].sku: is required", "$[1][2].sku: must be a string, was boolean"),
          errors(schema, "[[],[{},{'sku':'a'},{'sku':true}]]"));
    }

    @Test
    void minAndMaxItemsCountAndSayWhatTheyGot() {
      String schema = "{'minItems':2,'maxItems':3}";
      valid(schema, "[1,2]");
      valid(schema, "[1,2,3]");
      assertEquals(List.of("$: must have at least 2 items, had 1"), errors(schema, "[1]"));
      assertEquals(List.of("$: must have at most 3 items, had 4"), errors(schema, "[1,2,3,4]"));
      assertEquals(List.of("$: must have at least 1 item, had 0"), errors("{'minItems':1}", "[]"));
      valid(schema, "'not an array'");
    }

    @Test
    void itemsFalseAllowsOnlyTheEmptyArray() {
      valid("{'items':false}", "[]");
      assertEquals(List.of("$[0]: is not allowed"), errors("{'items':false}", "[1]"));
    }
  }

  @Nested
  class Values {
    @Test
    void enumAdmitsItsValuesAndListsThem() {
      String schema = "{'enum':['a','b',null,1]}";
      valid(schema, "'a'");
      valid(schema, "null");
      valid(schema, "1.0");
      assertEquals(List.of("$: must be one of [\"a\", \"b\", null, 1]"), errors(schema, "'c'"));
    }

    @Test
    void enumComparesStructuresByValue() {
      String schema = "{'enum':[{'a':1,'b':[1,2]}]}";
      valid(schema, "{'b':[1.0,2],'a':1}");
      assertEquals(1, errors(schema, "{'a':1,'b':[2,1]}").size());
      assertEquals(1, errors(schema, "{'a':1}").size());
      assertEquals(1, errors(schema, "{'a':1,'b':[1,2],'c':3}").size());
      assertEquals(1, errors("{'enum':['1']}", "1").size());
      assertEquals(1, errors("{'enum':[true]}", "1").size());
    }

    @Test
    void aLongEnumIsShortenedInTheMessage() {
      String values =
          IntStream.range(0, 12).mapToObj(Integer::toString).collect(Collectors.joining(","));
      assertEquals(
          List.of("$: must be one of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...]"),
          errors("{'enum':[" + values + "]}", "12"));
    }

    @Test
    void constAdmitsOnlyItsValue() {
      valid("{'const':'order'}", "'order'");
      assertEquals(
          List.of("$.kind: must be \"order\""),
          errors("{'properties':{'kind':{'const':'order'}}}", "{'kind':'refund'}"));
      valid("{'const':null}", "null");
      assertEquals(List.of("$: must be null"), errors("{'const':null}", "0"));
      valid("{'const':{'a':[1]}}", "{'a':[1.00]}");
    }

    @Test
    void numericBoundsAreInclusiveOrExclusiveAsNamed() {
      String schema = "{'minimum':1,'maximum':10}";
      valid(schema, "1");
      valid(schema, "10");
      assertEquals(List.of("$: must be at least 1"), errors(schema, "0.5"));
      assertEquals(List.of("$: must be at most 10"), errors(schema, "10.5"));
      String exclusive = "{'exclusiveMinimum':0,'exclusiveMaximum':1}";
      valid(exclusive, "0.5");
      assertEquals(List.of("$: must be greater than 0"), errors(exclusive, "0"));
      assertEquals(List.of("$: must be less than 1"), errors(exclusive, "1.0"));
    }

    @Test
    void numbersAreComparedExactlyAndShownAsWritten() {
      assertEquals(
          List.of("$: must be at most 0.3"), errors("{'maximum':0.3}", "0.30000000000000004"));
      assertEquals(List.of("$: must be at most 10.0"), errors("{'maximum':10.0}", "11"));
      assertEquals(List.of("$: must be at least 100"), errors("{'minimum':1e2}", "99"));
      assertEquals(List.of("$: must be at most 1E+400"), errors("{'maximum':1e400}", "1e401"));
      valid("{'maximum':1e400}", "123456789012345678901234567890");
    }

    @Test
    void numberKeywordsIgnoreOtherTypes() {
      valid("{'minimum':5,'exclusiveMaximum':0}", "'text'");
    }

    @Test
    void lengthsCountCodePoints() {
      String schema = "{'minLength':2,'maxLength':3}";
      valid(schema, "'ab'");
      valid(schema, "'\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00'"); // three emoji: six UTF-16 chars
      assertEquals(List.of("$: must be at least 2 characters"), errors(schema, "'\uD83D\uDE00'"));
      assertEquals(List.of("$: must be at most 3 characters"), errors(schema, "'abcd'"));
      assertEquals(List.of("$: must be at most 1 character"), errors("{'maxLength':1}", "'ab'"));
      valid(schema, "12345");
    }

    @Test
    void aPatternMatchesAnywhereUnlessAnchored() {
      valid("{'pattern':'b+'}", "'abbbc'");
      assertEquals(
          List.of("$: must match the pattern ^b+$"), errors("{'pattern':'^b+$'}", "'abbbc'"));
      valid("{'pattern':'^[a-z]+-\\\\d{3}$'}", "'sku-123'");
      valid("{'pattern':'^x'}", "42");
    }

    @Test
    void aPatternThatBacktracksWithoutEndIsAnErrorNotAHang() {
      String schema = "{'pattern':'^(.*a){12}$'}";
      assertEquals(
          List.of("$: is too costly to match against the pattern ^(.*a){12}$"),
          errors(schema, "'" + "a".repeat(30) + "b'"));
      valid(schema, "'aaaaaaaaaaaa'");
    }

    @Test
    void formatIsOnlyAnAnnotation() {
      valid("{'type':'string','format':'email'}", "'not an email'");
    }
  }

  @Nested
  class Combinators {
    @Test
    void allOfReportsEveryBranchsErrors() {
      String schema = "{'allOf':[{'type':'string'},{'minLength':2},{'maxLength':0}]}";
      valid("{'allOf':[{'type':'string'},{'minLength':2}]}", "'ab'");
      assertEquals(
          List.of("$: must be at least 2 characters", "$: must be at most 0 characters"),
          errors(schema, "'a'"));
    }

    @Test
    void anyOfNeedsOneBranchAndShowsEachBranchsFirstError() {
      String schema =
          "{'anyOf':[{'type':'string'},{'properties':{'n':{'type':'integer'}},'required':['n']}]}";
      valid(schema, "'x'");
      valid(schema, "{'n':1}");
      assertEquals(
          List.of(
              "$.v: must match at least one anyOf schema: [0] $.v: must be a string, was object; "
                  + "[1] $.v.n: must be an integer, was string"),
          errors("{'properties':{'v':" + schema + "}}", "{'v':{'n':'1'}}"));
    }

    @Test
    void oneOfNeedsExactlyOneBranch() {
      String schema =
          "{'oneOf':[{'type':'integer'},{'type':'number','minimum':10},{'type':'string'}]}";
      valid(schema, "5");
      valid(schema, "10.5");
      valid(schema, "'s'");
      assertEquals(
          List.of("$: must match exactly one oneOf schema, matched schemas [0, 1]"),
          errors(schema, "11"));
      assertEquals(
          List.of(
              "$: must match exactly one oneOf schema: [0] $: must be an integer, was boolean; "
                  + "[1] $: must be a number, was boolean; [2] $: must be a string, was boolean"),
          errors(schema, "true"));
    }

    @Test
    void combinatorsAddToTheSchemasOwnKeywords() {
      String schema =
          "{'type':'object','required':['a'],'anyOf':[{'required':['b']},{'required':['c']}]}";
      valid(schema, "{'a':1,'c':1}");
      assertEquals(
          List.of(
              "$.a: is required",
              "$: must match at least one anyOf schema: [0] $.b: is required; [1] $.c: is required"),
          errors(schema, "{}"));
    }
  }

  @Nested
  class BooleanSchemas {
    @Test
    void trueAdmitsAnything() {
      valid("true", "null");
      valid("{}", "[{'a':1}]");
    }

    @Test
    void falseAdmitsNothing() {
      assertEquals(List.of("$: no value is allowed"), errors("false", "{}"));
      assertEquals(
          List.of("$.secret: is not allowed"),
          errors("{'properties':{'secret':false}}", "{'secret':null}"));
      valid("{'properties':{'secret':false}}", "{}");
    }
  }

  @Nested
  class IgnoredKeywords {
    @Test
    void annotationsAndUnknownKeywordsDoNothing() {
      valid(
          """
          {'$schema':'https://json-schema.org/draft/2020-12/schema','$id':'urn:x','title':'T','description':'D',
           'default':{},'examples':[1],'format':'uuid','x-vendor':{'type':'string'},
           '$ref':'#/$defs/a','$defs':{'a':false},'not':{},'uniqueItems':true,'minProperties':5}""",
          "[1,1]");
    }
  }

  @Nested
  class InvalidSchemas {
    @Test
    void notJsonSaysWhere() {
      String message = invalidSchema("{'type':");
      assertTrue(message.startsWith("payload schema is not valid JSON: "), message);
      assertTrue(message.contains("line 1, column 9"), message);
      assertTrue(invalidSchema("{} {}").startsWith("payload schema is not valid JSON: "));
      assertEquals("payload schema is empty", invalidSchema(" "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "'object'", "1", "null"})
    void theSchemaMustBeAnObjectOrABoolean(String schema) {
      assertTrue(
          invalidSchema(schema)
              .startsWith(
                  "invalid payload schema at #: a schema must be an object or a boolean, was "));
    }

    @Test
    void malformedKeywordsAreNamedWithTheirPlace() {
      assertEquals(
          "invalid payload schema at #/properties/age: unknown type \"int\" "
              + "(known: object, array, string, integer, number, boolean, null)",
          invalidSchema("{'properties':{'age':{'type':'int'}}}"));
      assertEquals(
          "invalid payload schema at #/properties/a~1b/items: minLength must be a non-negative integer, was -1",
          invalidSchema("{'properties':{'a/b':{'items':{'minLength':-1}}}}"));
      assertEquals(
          "invalid payload schema at #/anyOf/1: maxItems must be a non-negative integer, was \"3\"",
          invalidSchema("{'anyOf':[{},{'maxItems':'3'}]}"));
      assertEquals(
          "invalid payload schema at #: minItems must be a non-negative integer, was 1.5",
          invalidSchema("{'minItems':1.5}"));
      assertEquals(
          "invalid payload schema at #: type must be a type name or a non-empty array of them, was []",
          invalidSchema("{'type':[]}"));
      assertEquals(
          "invalid payload schema at #: unknown type 1 (known: object, array, string, integer, number, boolean, null)",
          invalidSchema("{'type':['string',1]}"));
      assertEquals(
          "invalid payload schema at #: properties must be an object, was array",
          invalidSchema("{'properties':[]}"));
      assertEquals(
          "invalid payload schema at #: required must be an array of property names, was true",
          invalidSchema("{'required':true}"));
      assertEquals(
          "invalid payload schema at #: required must be an array of property names, had 1",
          invalidSchema("{'required':[1]}"));
      assertEquals(
          "invalid payload schema at #: items must be a schema; the array (tuple) form is not supported",
          invalidSchema("{'items':[{}]}"));
      assertEquals(
          "invalid payload schema at #/additionalProperties: a schema must be an object or a boolean, was string",
          invalidSchema("{'additionalProperties':'no'}"));
      assertEquals(
          "invalid payload schema at #: exclusiveMinimum must be a number, was true",
          invalidSchema("{'minimum':0,'exclusiveMinimum':true}"));
      assertEquals(
          "invalid payload schema at #: enum must be an array, was string",
          invalidSchema("{'enum':'a'}"));
      assertEquals(
          "invalid payload schema at #: oneOf must be a non-empty array of schemas",
          invalidSchema("{'oneOf':[]}"));
      assertEquals(
          "invalid payload schema at #: allOf must be a non-empty array of schemas",
          invalidSchema("{'allOf':{}}"));
      assertEquals(
          "invalid payload schema at #/anyOf/0: a schema must be an object or a boolean, was integer",
          invalidSchema("{'anyOf':[1]}"));
      assertEquals(
          "invalid payload schema at #: pattern must be a string, was 1",
          invalidSchema("{'pattern':1}"));
      assertTrue(
          invalidSchema("{'pattern':'(unclosed'}")
              .startsWith(
                  "invalid payload schema at #: pattern \"(unclosed\" is not a valid regular expression: "));
    }

    @Test
    void aHugeCountIsAcceptedAsNoLimit() {
      valid("{'maxLength':1e20,'maxItems':99999999999}", "'x'");
    }
  }

  @Nested
  class InvalidPayloads {
    @ParameterizedTest
    @ValueSource(strings = {"{'a':", "{a:1}", "[1,]", "{} []", "'unterminated", "NaN"})
    void notJsonIsOneError(String payload) {
      List<String> errors = errors("{'type':'object'}", payload);
      assertEquals(1, errors.size(), errors::toString);
      assertTrue(errors.get(0).startsWith("$: is not valid JSON: "), errors::toString);
      assertTrue(errors.get(0).contains("(line 1, column "), errors::toString);
    }

    @Test
    void emptyTextIsNotJson() {
      assertEquals(List.of("$: is not valid JSON: no content"), errors("{}", ""));
      assertEquals(List.of("$: is not valid JSON: no content"), errors("{}", " \n "));
    }
  }

  @Nested
  class Cap {
    private static final String INTEGERS = "{'type':'array','items':{'type':'integer'}}";

    private String strings(int count) {
      return IntStream.range(0, count)
          .mapToObj(i -> "'x'")
          .collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void manyErrorsAreCutWithANote() {
      List<String> errors = errors(INTEGERS, strings(1_000));
      assertEquals(PayloadSchema.MAX_ERRORS, errors.size());
      assertEquals("$[48]: must be an integer, was string", errors.get(48));
      assertEquals("$: too many errors, only the first 49 are listed", errors.get(49));
    }

    @Test
    void exactlyTheCapIsListedInFull() {
      List<String> errors = errors(INTEGERS, strings(PayloadSchema.MAX_ERRORS));
      assertEquals(PayloadSchema.MAX_ERRORS, errors.size());
      assertEquals("$[49]: must be an integer, was string", errors.get(49));
    }

    @Test
    void theCapAppliesAcrossNesting() {
      String required =
          IntStream.range(0, 60)
              .mapToObj(i -> "'p" + i + "'")
              .collect(Collectors.joining(",", "[", "]"));
      List<String> errors =
          errors("{'properties':{'o':{'required':" + required + "}},'required':['z']}", "{'o':{}}");
      assertEquals(PayloadSchema.MAX_ERRORS, errors.size());
      assertEquals("$.o.p0: is required", errors.get(0));
    }
  }

  @Nested
  class Instances {
    @Test
    void jsonIsTheTextAsGiven() {
      String text = "{ \"type\" : \"object\" }\n";
      assertEquals(text, PayloadSchema.parse(text).json());
    }

    @Test
    void equalTextsAreEqualSchemas() {
      assertEquals(PayloadSchema.parse("{}"), PayloadSchema.parse("{}"));
      assertEquals(PayloadSchema.parse("{}").hashCode(), PayloadSchema.parse("{}").hashCode());
      assertNotEquals(PayloadSchema.parse("{}"), PayloadSchema.parse("{ }"));
    }

    @Test
    void oneInstanceServesManyThreads() {
      PayloadSchema schema =
          PayloadSchema.parse(
              j("{'properties':{'n':{'type':'integer','pattern':'x'},'s':{'pattern':'^a'}}}"));
      List<List<String>> results =
          IntStream.range(0, 2_000)
              .parallel()
              .mapToObj(
                  i ->
                      schema.validate(
                          i % 2 == 0
                              ? "{\"n\":" + i + ",\"s\":\"abc\"}"
                              : "{\"n\":\"" + i + "\",\"s\":\"b\"}"))
              .toList();
      for (int i = 0; i < results.size(); i++) {
        assertEquals(
            i % 2 == 0
                ? List.of()
                : List.of("$.n: must be an integer, was string", "$.s: must match the pattern ^a"),
            results.get(i));
      }
    }
  }
}
