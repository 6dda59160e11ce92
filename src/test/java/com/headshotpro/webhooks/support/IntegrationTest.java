package com.headshotpro.webhooks.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A Spring Boot test on real Postgres, with MockMvc and a {@link SettableClock}, under the {@code test}
 * profile. The server listens on a random port too, so that tests that need a real client (the browser)
 * share the context of those that use MockMvc instead of starting one of their own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@Import({TestDatabaseConfiguration.class, TestClockConfiguration.class})
@ActiveProfiles("test")
public @interface IntegrationTest {}
