package dev.runlog.engine.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Makes what a processor does for one record (or one fired timer) all or nothing: its store writes
 * and the records it forwards are held back until it has decided and carried out everything, then
 * {@link #writeOut} writes and forwards them; if it throws instead, {@link #discard} drops them and
 * the run it was about is left as it was (the record goes to dead letters).
 *
 * <p>Without it, a record whose processing threw half-way left the stores half-updated (a run's
 * header saved, its history entry or timer not) and its first forwards sent: under exactly-once
 * too, since the exception was handled and the transaction committed. Kafka Streams cannot undo
 * that for us: a processing exception handler sees the exception after the writes were made.
 *
 * <p>Also held back: what others observe of the change (counters, waiters woken), which must not
 * happen for a change that was dropped, nor before the stores show it.
 */
public final class Staging {
  private final List<StagedStore<?>> stores = new ArrayList<>();
  private final List<Record<Object, Object>> records = new ArrayList<>();
  private final List<String> children = new ArrayList<>();
  private final List<Runnable> afterwards = new ArrayList<>();

  /** {@code store} seen through this staging: read it and write it in place of the store. */
  public <V> KeyValueStore<String, V> stage(KeyValueStore<String, V> store) {
    StagedStore<V> staged = new StagedStore<>(store);
    stores.add(staged);
    return staged;
  }

  /** Forwards {@code record} to {@code childName} at {@link #writeOut}. */
  public void forward(Record<Object, Object> record, String childName) {
    records.add(record);
    children.add(childName);
  }

  /** Runs {@code action} after the writes, at {@link #writeOut}. */
  public void afterwards(Runnable action) {
    afterwards.add(action);
  }

  /**
   * Writes every staged store write, forwards every staged record, then runs the actions; the
   * staging is empty after.
   */
  public void writeOut(ProcessorContext<Object, Object> context) {
    try {
      for (StagedStore<?> store : stores) {
        store.writeOut();
      }
      for (int i = 0; i < records.size(); i++) {
        context.forward(records.get(i), children.get(i));
      }
      for (Runnable action : afterwards) {
        action.run();
      }
    } finally {
      discard(); // even when a write failed: nothing of this record may be carried into the next
      // one
    }
  }

  /**
   * Runs {@code work} for one record (or timer) and writes out what it staged. When it throws, what
   * it staged is dropped and the exception returned, for the caller to dead-letter; Kafka's own
   * exceptions (a store, a fenced producer) are Streams' to handle and are rethrown.
   *
   * @return null when the work was done and written out
   */
  public RuntimeException attempt(ProcessorContext<Object, Object> context, Runnable work) {
    try {
      work.run();
    } catch (StreamsException e) {
      discard();
      throw e;
    } catch (RuntimeException e) {
      discard();
      return e;
    }
    writeOut(context);
    return null;
  }

  /** Drops everything staged since the last {@link #writeOut}. */
  public void discard() {
    stores.forEach(StagedStore::discard);
    records.clear();
    children.clear();
    afterwards.clear();
  }
}
