package com.headshotpro.webhooks.support;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * How every {@code await()} of the suite polls, set once per test JVM (registered in {@code
 * META-INF/services}): at once, then every 25 ms. Awaitility's own defaults, a first look after 100 ms and
 * then every 100 ms, add a tenth of a second to each wait for something the service does at once. A wait
 * whose condition is costly (a new database connection, an HTTP call to another process) sets a longer
 * interval of its own.
 */
public final class AwaitilityDefaults implements LauncherSessionListener {

    static final Duration POLL_INTERVAL = Duration.ofMillis(25);

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(POLL_INTERVAL);
    }
}
