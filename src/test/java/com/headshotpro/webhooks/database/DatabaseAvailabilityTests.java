package com.headshotpro.webhooks.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Whether Postgres answers, as the probe asks it: one asker at a time, never a burst taken for an outage. */
class DatabaseAvailabilityTests {

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
