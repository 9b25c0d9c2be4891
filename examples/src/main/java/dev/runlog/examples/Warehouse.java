package dev.runlog.examples;

/** The part of a warehouse client the checkout job uses; a real one calls the shop's backend. */
public interface Warehouse {
  /** Ships an order; returns its tracking number. */
  String ship(String orderId) throws Exception;

  /** Gives an unpaid order's stock back. */
  void release(String orderId) throws Exception;

  /** A stand-in that keeps what it shipped and released, for running the examples. */
  static FakeClients.FakeWarehouse fake() {
    return new FakeClients.FakeWarehouse();
  }
}
