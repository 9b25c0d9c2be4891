package dev.runlog.engine.connection;

/**
 * Which managed connections exist, as the run processors ask it: a run that needs one that does not
 * waits for it. {@link #version()} changes whenever a connection is added or removed, so that a
 * check of the waiting runs costs nothing while nothing changed.
 */
public interface ConnectionDirectory {
  /** No connection at all (an engine, or a test, without a catalog). */
  ConnectionDirectory NONE =
      new ConnectionDirectory() {
        @Override
        public boolean exists(String key) {
          return false;
        }

        @Override
        public long version() {
          return 0;
        }
      };

  /** True when the connection with this key ({@code integration[/accountId]}) is stored. */
  boolean exists(String key);

  /** A number that changes with every connection added or removed. */
  long version();
}
