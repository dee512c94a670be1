package io.mediagate.job;

/**
 * A job parked on the broker because its vendor quota's next slot was too far away for a consumer to wait for:
 * {@code bookedAt} is the slot it holds (epoch millis), or null when it holds none and asks again when back.
 */
public record RateSlot(Long bookedAt) {
}
