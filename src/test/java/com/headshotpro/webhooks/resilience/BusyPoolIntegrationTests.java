package com.headshotpro.webhooks.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.IntegrationTest;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.SettableClock;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The API's pool used up while Postgres answers (every connection held, as requests stuck on a lock
 * would hold them): a request that gets no connection in time answers 503 for itself, but it is no
 * outage. Readiness stays UP, nothing is logged as an outage, and the delivery engine, on its own
 * connections, keeps claiming, sending and recording.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class BusyPoolIntegrationTests {

    static final Receiver receiver = new Receiver();

    @Autowired
    MockMvc mvc;

    @Autowired
    DataSource dataSource;

    @Autowired
    SettableClock clock;

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void aUsedUpApiPoolAnswers503ForItselfWhileReadinessAndDeliveriesCarryOn(CapturedOutput output) throws Exception {
        String org = Api.organization(mvc, true);
        String path = "/busy/" + org;
        receiver.answer(path, aResponse().withStatus(503).withHeader("Retry-After", "60"));
        Api.saveWebhook(mvc, org, receiver.url(path));
        Models.create(mvc, org, "queued-" + org).andExpect(status().isCreated());
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveryState(org).equals("PENDING:1"));
        receiver.answerOk(path); // the queued delivery is due again in 60 s, and will be taken

        List<Connection> held = new ArrayList<>();
        try {
            int size = ((HikariDataSource) dataSource).getMaximumPoolSize();
            for (int i = 0; i < size; i++) {
                held.add(dataSource.getConnection());
            }

            long started = System.nanoTime();
            Models.create(mvc, org, "refused-" + org)
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Content-Type", startsWith("application/problem+json")))
                    .andExpect(header().string(HttpHeaders.RETRY_AFTER, "1"))
                    .andExpect(jsonPath("$.title").value("Service busy"));
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("within the connection timeout, and a little")
                    .isLessThan(Duration.ofSeconds(5));

            mvc.perform(get("/actuator/health/readiness"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("UP"));

            clock.advance(Duration.ofSeconds(61));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.received(path).size() == 2);
            Connection mine = held.getFirst();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> deliveryState(mine, org).equals("SUCCEEDED:2"));

            mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        Models.create(mvc, org, "after-" + org).andExpect(status().isCreated());
        assertThat(output.getOut()).doesNotContain("Database unavailable");
    }

    /** The status and attempt count of the organization's first delivery. */
    private String deliveryState(String org) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return deliveryState(connection, org);
        }
    }

    private static String deliveryState(Connection connection, String org) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT status, attempt_count FROM delivery WHERE organization_id = ? ORDER BY id LIMIT 1")) {
            statement.setString(1, org);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) + ":" + rs.getInt(2) : "none";
            }
        }
    }
}
