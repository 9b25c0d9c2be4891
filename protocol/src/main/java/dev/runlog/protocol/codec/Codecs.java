package dev.runlog.protocol.codec;

/** One codec per record type; each is immutable and thread-safe. */
public final class Codecs {
  public static final TriggerEventCodec TRIGGER_EVENT = new TriggerEventCodec();
  public static final RunEventCodec RUN_EVENT = new RunEventCodec();
  public static final ExecuteRunCodec EXECUTE_RUN = new ExecuteRunCodec();
  public static final JobDefinitionCodec JOB_DEFINITION = new JobDefinitionCodec();
  public static final DeadLetterCodec DEAD_LETTER = new DeadLetterCodec();
  public static final SourceDefinitionCodec SOURCE_DEFINITION = new SourceDefinitionCodec();
  public static final ConnectionCodec CONNECTION = new ConnectionCodec();

  private Codecs() {}
}
