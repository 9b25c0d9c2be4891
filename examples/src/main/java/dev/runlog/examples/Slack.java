package dev.runlog.examples;

/** The part of a Slack client the star job uses; a real one calls chat.postMessage on a channel. */
public interface Slack {
  void post(String text) throws Exception;

  /** A stand-in that keeps the messages, for running the examples without a Slack workspace. */
  static FakeClients.FakeSlack fake() {
    return new FakeClients.FakeSlack();
  }
}
