package com.headshotpro.webhooks.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves: frozen at the instant it was made, it moves only when the test advances or sets
 * it, so a ladder's delay, a lease or a rate limit's minute passes when the test says and never by
 * itself. {@link #running()} makes one that runs with the system clock (shifted by what the test
 * advanced) for a test whose service must see time pass on its own.
 */
public final class SettableClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** A frozen clock, at the system's time now. */
    public SettableClock() {
        this(Clock.fixed(Instant.now().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
    }

    private SettableClock(Clock base) {
        this.base = base;
    }

    /** A clock that runs with the system clock, shifted by however far the test has advanced it. */
    public static SettableClock running() {
        return new SettableClock(Clock.systemUTC());
    }

    public void advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
    }

    /** Sets the clock to {@code instant}; a frozen clock then stays there. */
    public void set(Instant instant) {
        offset.set(Duration.between(base.instant(), instant));
    }

    /**
     * Moves the clock forward to the system's time if it is behind it (never back), so that what the
     * service stamps (a signature's timestamp, a row's time) stays near the wall clock across tests
     * that share the clock.
     */
    public void catchUp() {
        Instant system = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        offset.updateAndGet(current ->
                base.instant().plus(current).isBefore(system) ? Duration.between(base.instant(), system) : current);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
