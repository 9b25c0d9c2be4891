package dev.runlog.protocol.limits;

import dev.runlog.protocol.trigger.TriggerEvent;

/**
 * How large runlog's records may be. Kafka refuses a record over 1 MiB by default ({@code
 * max.request.size}, {@code max.message.bytes}), and under exactly-once one refused record fails
 * the whole transaction: a processor that wrote a record too large would fail on the same input for
 * ever. So each record the engine derives from another has room for what it adds: what users hand
 * in is smallest, what the engine reads is a little larger, what it writes from that larger still,
 * all under Kafka's limit.
 *
 * <pre>{@code
 * if (RecordLimits.jsonTextBytes(outputJson) > RecordLimits.USER_VALUE_BYTES) { ... }
 * }</pre>
 */
public final class RecordLimits {
  /**
   * What users hand in: a request body, a source's trigger; an event's payload and context
   * together, a task's or a run's output, counted as {@link #jsonTextBytes}: some of the engine's
   * records hold them as a JSON string, where each quote and backslash takes two bytes.
   */
  public static final int USER_VALUE_BYTES = 1_000_000;

  /**
   * A trigger event's record value the engine reads: a user's value and its envelope (id, name,
   * context). Its run's records carry its payload and context, plus a few hundred bytes.
   */
  public static final int TRIGGER_BYTES = 1_020_000;

  /** A run event's record value the engine reads: the largest is a run created by a trigger. */
  public static final int RUN_EVENT_BYTES = 1_030_000;

  /** An {@code ExecuteRun}: the run's payload and every completed task's output, for replay. */
  public static final int DISPATCH_BYTES = 1_040_000;

  /**
   * {@code encoded}, {@code event} about to be written, when the engine will take it: no larger
   * than {@link #TRIGGER_BYTES}, its id and name no longer than {@link #NAME_CHARS}, its payload
   * and context within {@link #USER_VALUE_BYTES}. The engine dead-letters another.
   *
   * @throws IllegalArgumentException when it will not, naming the event
   */
  public static byte[] trigger(TriggerEvent event, byte[] encoded) {
    String problem = nameProblem("id", event.id());
    problem = problem == null ? nameProblem("name", event.name()) : problem;
    problem = problem == null ? inputProblem(event.payload(), event.context()) : problem;
    if (problem != null) {
      throw new IllegalArgumentException("event " + event.name() + ": " + problem);
    }
    if (encoded.length > TRIGGER_BYTES) {
      throw new IllegalArgumentException(
          "event "
              + event.name()
              + " is "
              + encoded.length
              + " bytes encoded, more than the "
              + TRIGGER_BYTES
              + " bytes a trigger event may have");
    }
    return encoded;
  }

  /**
   * The reason a record value of {@code bytes} is refused when {@code what} may have at most {@code
   * limit} bytes; null when it fits.
   */
  public static String sizeProblem(String what, int bytes, int limit) {
    return bytes <= limit
        ? null
        : what
            + " of "
            + bytes
            + " bytes is larger than the "
            + limit
            + " bytes "
            + what
            + " may have";
  }

  /**
   * An event's id or name, a job's id, a task's or a wait's key, in characters: each is a store
   * key, copied into the value it keys, so a long one would double a record.
   */
  public static final int NAME_CHARS = 1_000;

  /** A log line's message or an error's message and stack trace, in characters; longer are cut. */
  public static final int TEXT_CHARS = 50_000;

  private RecordLimits() {}

  /**
   * The bytes {@code text} takes as the content of a JSON string in UTF-8 (a quote or a backslash
   * two, a control character up to six), without writing it; 0 for null.
   */
  public static int jsonTextBytes(String text) {
    if (text == null) {
      return 0;
    }
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) { // one pass: it runs on every trigger's payload
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        bytes += 2;
      } else if (c < 0x20) {
        bytes += 6;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * The problem with an event's {@code payload} and {@code context} (JSON texts, null for none):
   * together over {@link #USER_VALUE_BYTES} as {@link #jsonTextBytes}; null when they fit.
   */
  public static String inputProblem(String payload, String context) {
    long bytes = (long) jsonTextBytes(payload) + jsonTextBytes(context);
    if (bytes <= USER_VALUE_BYTES) {
      return null;
    }
    return "payload and context take "
        + bytes
        + " bytes as JSON text, more than the "
        + USER_VALUE_BYTES
        + " an event's may";
  }

  /**
   * The problem with {@code value}, the {@code what} of something, as a name ({@link #NAME_CHARS}),
   * or null when there is none (null is none too).
   */
  public static String nameProblem(String what, String value) {
    if (value == null || value.length() <= NAME_CHARS) {
      return null;
    }
    return what
        + " of "
        + value.length()
        + " characters is longer than the "
        + NAME_CHARS
        + " a name or key may have";
  }

  /** {@code text} cut to {@link #TEXT_CHARS}, saying how long it was; null stays null. */
  public static String cut(String text) {
    if (text == null || text.length() <= TEXT_CHARS) {
      return text;
    }
    return text.substring(0, TEXT_CHARS) + "... (cut from " + text.length() + " characters)";
  }
}
