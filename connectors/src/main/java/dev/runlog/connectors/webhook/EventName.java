package dev.runlog.connectors.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.source.InvalidSourceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The name of the events a webhook source makes: fixed ({@code "new.star"}), or a template whose
 * {@code {header}} is the value of {@link #header()} and whose {@code {/json/pointer}} is a value
 * of the body: {@code "github.{header}"} with {@code X-GitHub-Event} gives {@code github.star};
 * {@code "github.{header}.{/action}"} gives {@code github.star.created}.
 */
public record EventName(String template, List<Part> parts, Optional<String> header) {

  /** One piece of a template. */
  public sealed interface Part {}

  /** Text as written. */
  public record Literal(String text) implements Part {}

  /** The value of the name header. */
  public record HeaderValue() implements Part {}

  /** A value of the body. */
  public record BodyValue(JsonPointer pointer) implements Part {}

  public EventName {
    parts = List.copyOf(parts);
  }

  static EventName parse(String template, Optional<String> header) {
    List<Part> parts = new ArrayList<>();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        parts.add(new Literal(template.substring(i)));
        break;
      }
      if (open > i) {
        parts.add(new Literal(template.substring(i, open)));
      }
      int close = template.indexOf('}', open);
      if (close < 0) {
        throw new InvalidSourceException("name has a '{' without its '}': " + template);
      }
      String inside = template.substring(open + 1, close);
      if (inside.equals("header")) {
        if (header.isEmpty()) {
          throw new InvalidSourceException(
              "name uses {header}: nameHeader must say which header (\"X-GitHub-Event\")");
        }
        parts.add(new HeaderValue());
      } else if (inside.startsWith("/")) {
        parts.add(new BodyValue(Values.pointer("name's {" + inside + "}", inside)));
      } else {
        throw new InvalidSourceException(
            "name's {"
                + inside
                + "} is neither {header} nor a JSON pointer such as {/action}: "
                + template);
      }
      i = close + 1;
    }
    for (Part part : parts) {
      if (part instanceof Literal l && l.text().contains("}")) {
        throw new InvalidSourceException("name has a '}' without its '{': " + template);
      }
    }
    if (header.isPresent() && parts.stream().noneMatch(p -> p instanceof HeaderValue)) {
      throw new InvalidSourceException(
          "nameHeader is set but name does not use {header}: " + template);
    }
    return new EventName(template, parts, header);
  }

  /** The name of the event {@code request} with {@code body} makes. */
  String resolve(WebhookRequest request, JsonNode body) {
    StringBuilder name = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Literal l) {
        name.append(l.text());
      } else if (part instanceof BodyValue b) {
        name.append(bodyValue(body, b.pointer()));
      } else {
        name.append(headerValue(request));
      }
    }
    return name.toString();
  }

  private String headerValue(WebhookRequest request) {
    String header = this.header.orElseThrow();
    String value =
        request
            .header(header)
            .map(String::strip)
            .orElseThrow(
                () ->
                    Refusal.badRequest(
                        "the request has no " + header + " header, which names its event"));
    if (!Values.NAME_PART.matcher(value).matches()) {
      throw Refusal.badRequest(
          "the " + header + " header is not an event name (letters, digits, . _ : / -)");
    }
    return value;
  }

  private static String bodyValue(JsonNode body, JsonPointer pointer) {
    String value =
        Values.scalar(body, pointer)
            .orElseThrow(
                () ->
                    Refusal.badRequest(
                        "the body has no string at " + pointer + ", which names its event"));
    if (!Values.NAME_PART.matcher(value).matches()) {
      throw Refusal.badRequest(
          "the body's " + pointer + " is not an event name (letters, digits, . _ : / -)");
    }
    return value;
  }
}
