package dev.runlog.examples;

import dev.runlog.sdk.Job;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Waits for an event: on {@code order.created}, the run waits (holding no slot) for the {@code
 * order.paid} event of that order id, for at most 24 hours; paid, it ships; unpaid, it gives the
 * stock back. The README's example of {@code io.waitForEvent}.
 */
public final class CheckoutJob {
  public record Order(String id, String sku) {}

  public record Payment(String orderId, int cents) {}

  private CheckoutJob() {}

  public static Job<Order> job(Warehouse warehouse) {
    return Job.named("checkout")
        .on("order.created", Order.class)
        .call(
            (order, io) -> {
              Optional<Payment> paid =
                  io.waitForEvent(
                      "paid",
                      "order.paid",
                      Map.of("orderId", order.id()),
                      Duration.ofHours(24),
                      Payment.class);
              if (paid.isEmpty()) { // 24 hours passed
                io.runTask("release", () -> warehouse.release(order.id()));
                return "canceled";
              }
              return io.runTask("ship", String.class, () -> warehouse.ship(order.id()));
            });
  }
}
