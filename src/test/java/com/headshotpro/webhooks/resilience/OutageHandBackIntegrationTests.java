package com.headshotpro.webhooks.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.headshotpro.webhooks.support.Api;
import com.headshotpro.webhooks.support.Models;
import com.headshotpro.webhooks.support.Receiver;
import com.headshotpro.webhooks.support.TcpProxy;
import com.headshotpro.webhooks.support.TestClockConfiguration;
import com.headshotpro.webhooks.support.TestDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A delivery that waits to be attempted when Postgres goes away (its endpoint must be read again before
 * the attempt, and cannot be) never reached its receiver: it is handed back with its attempt count and
 * ladder as they were, and sent once Postgres is back, exactly once. The service's database runs behind a
 * proxy that the test cuts; one request to the endpoint at a time, so the second delivery waits behind the
 * first, which the receiver answers slowly. A connection is waited for 1 s, not the service's 3 s: the
 * second delivery's read of its endpoint waits that long before it is handed back, and how long a call
 * waits for Postgres is not what this test is about (DatabaseOutageIntegrationTests keeps the 3 s).
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
@ActiveProfiles("test")
@TestPropertySource(
        properties = {
            "hooks.delivery.max-in-flight-per-endpoint=1",
            "hooks.delivery.request-timeout=3s",
            "hooks.delivery.lease=10s",
            "spring.datasource.hikari.connection-timeout=1000"
        })
@DirtiesContext
class OutageHandBackIntegrationTests {

    static final TestDatabases.Database database = TestDatabases.migrated();
    static final TcpProxy proxy = TcpProxy.in(database);
    static final Receiver receiver = new Receiver();

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        TestDatabases.Database through = proxy.through(database);
        registry.add("spring.datasource.url", through::url);
        registry.add("spring.datasource.username", through::user);
        registry.add("spring.datasource.password", through::password);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @AfterAll
    static void stopEverything() {
        proxy.close();
        receiver.close();
    }

    @Test
    void aDeliveryWaitingWhenTheDatabaseGoesAwayKeepsItsLadderAndIsSentOnceItIsBack() throws Exception {
        String org = Api.organization(mvc, true);
        String path = "/hand-back/" + org;
        receiver.answer(path, aResponse().withStatus(200).withFixedDelay(1500));
        Api.saveWebhook(mvc, org, receiver.url(path));
        Models.create(mvc, org, "first-" + org).andExpect(status().isCreated());
        Models.create(mvc, org, "second-" + org).andExpect(status().isCreated());

        await().atMost(Duration.ofSeconds(15))
                .alias("the first delivery at the receiver, which takes 1.5 s to answer")
                .until(() -> receiver.received(path).size() == 1);
        proxy.cut(); // one delivery is at the receiver, the other waits for it
        await().atMost(Duration.ofSeconds(15))
                .alias("both outcomes decided while the database is away")
                .until(() ->
                        meters.get("hooks.delivery.outcomes.unwritten").gauge().value() == 2);
        proxy.restore();

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        jdbc.sql("SELECT count(*) FROM delivery WHERE organization_id = ? AND status = 'SUCCEEDED'")
                                        .param(org)
                                        .query(Integer.class)
                                        .single()
                                == 2);
        List<Integer> counts = jdbc.sql("SELECT attempt_count FROM delivery WHERE organization_id = ?")
                .param(org)
                .query(Integer.class)
                .list();
        assertThat(counts).as("one attempt each: the ladder untouched").containsExactly(1, 1);
        List<String> errors = jdbc.sql("""
                        SELECT coalesce(a.error, '') FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                         WHERE d.organization_id = ?
                        """).param(org).query(String.class).list();
        assertThat(errors).as("only attempts that reached the receiver").containsExactly("", "");
        for (String model : List.of("first-" + org, "second-" + org)) {
            receiver.server().verify(1, postRequestedFor(urlPathEqualTo(path)).withRequestBody(containing(model)));
        }
        assertThat(meters.get("hooks.deliveries")
                        .tag("outcome", "deferred")
                        .counter()
                        .count())
                .as("handed back once, not round and round")
                .isEqualTo(1);
    }
}
