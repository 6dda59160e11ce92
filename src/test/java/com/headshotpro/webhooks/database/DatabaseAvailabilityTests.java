package com.headshotpro.webhooks.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.headshotpro.webhooks.support.TestDatabases;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Whether Postgres answers, as the probe asks it: one asker at a time, never a burst taken for an outage;
 * and one outage logged once, when it starts and when it ends, whenever its failures are reported.
 */
class DatabaseAvailabilityTests {

    /** The probe's connections: to a real Postgres, or refused as in an outage while {@code refusing}. */
    static final class Probe extends DelegatingDataSource {

        private static final DataSource POSTGRES = postgres();

        volatile boolean refusing;

        Probe() {
            super(POSTGRES);
        }

        private static DataSource postgres() {
            TestDatabases.Database database = TestDatabases.create();
            return new DriverManagerDataSource(database.url(), database.user(), database.password());
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (refusing) {
                throw new SQLTransientConnectionException("Connection to 127.0.0.1:5432 refused", "08001");
            }
            return super.getConnection();
        }
    }

    /** What a wait for a pooled connection that began in an outage fails with, whenever it ends. */
    private static final SQLTransientConnectionException POOL_WAIT_IN_AN_OUTAGE = new SQLTransientConnectionException(
            "delivery - Connection is not available, request timed out after 3000ms.",
            null,
            new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        log().addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        log().detachAppender(logged);
    }

    private static Logger log() {
        return (Logger) LoggerFactory.getLogger(DatabaseAvailability.class);
    }

    private List<String> logLines() {
        return logged.list.stream()
                .map(event -> event.getLevel() + " " + event.getFormattedMessage())
                .toList();
    }

    @Test
    void anOutageIsLoggedOnceWhenItStartsAndOnceWhenItEndsThoughItsFailuresAreReportedAfterItsEnd() {
        Probe probe = new Probe();
        DatabaseAvailability database = new DatabaseAvailability(probe, Clock.systemUTC());
        probe.refusing = true;
        assertThat(database.report(POOL_WAIT_IN_AN_OUTAGE)).isTrue(); // say, the delivery poller
        assertThat(database.report(POOL_WAIT_IN_AN_OUTAGE)).isTrue(); // and the endpoint health job
        database.probe();
        assertThat(database.available()).isFalse();

        probe.refusing = false;
        database.probe();
        assertThat(database.available()).isTrue();
        // a wait that began in the outage, ended after it: still the database's failure, not a new outage
        assertThat(database.report(POOL_WAIT_IN_AN_OUTAGE)).isTrue();
        assertThat(database.available()).isTrue();
        database.probe();

        assertThat(logLines())
                .satisfiesExactly(
                        started -> assertThat(started).startsWith("WARN Database unavailable"),
                        ended -> assertThat(ended).startsWith("WARN Database available again"));
    }

    @Test
    void anOutageThatStartsRightAfterOneEndedIsReportedAsSoonAsTheProbeIsRefusedToo() {
        Probe probe = new Probe();
        DatabaseAvailability database = new DatabaseAvailability(probe, Clock.systemUTC());
        probe.refusing = true;
        database.report(POOL_WAIT_IN_AN_OUTAGE);
        probe.refusing = false;
        database.probe();

        probe.refusing = true;
        assertThat(database.report(POOL_WAIT_IN_AN_OUTAGE)).isTrue();
        // the state turns before its WARN is written: wait for both
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !database.available() && logLines().size() >= 3);

        assertThat(logLines())
                .satisfiesExactly(
                        started -> assertThat(started).startsWith("WARN Database unavailable"),
                        ended -> assertThat(ended).startsWith("WARN Database available again"),
                        again -> assertThat(again).startsWith("WARN Database unavailable"));
    }

    @Test
    void healthChecksArrivingWhileOneAsksTakeTheLastAnswerInsteadOfQueueingForTheProbe() throws Exception {
        CountDownLatch asking = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        DataSource probe = (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    asking.countDown();
                    answer.await();
                    throw new SQLTransientConnectionException("Connection refused");
                });
        DatabaseAvailability database = new DatabaseAvailability(probe, Clock.systemUTC());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Boolean> first = threads.submit(database::answers);
            assertThat(asking.await(10, TimeUnit.SECONDS)).isTrue();

            List<Future<Boolean>> others = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                others.add(threads.submit(database::answers));
            }
            for (Future<Boolean> other : others) {
                assertThat(other.get(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(database.available()).isTrue();

            answer.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS))
                    .as("the one that asked heard the refusal")
                    .isFalse();
        }
        assertThat(database.available()).isFalse();
        assertThat(database.answers()).isFalse();
    }
}
