package com.headshotpro.webhooks.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.failure.ConflictException;
import com.headshotpro.webhooks.failure.Failure;
import com.headshotpro.webhooks.failure.InvalidCredentialsException;
import com.headshotpro.webhooks.failure.InvalidFieldException;
import com.headshotpro.webhooks.failure.LimitExceededException;
import com.headshotpro.webhooks.failure.NotFoundException;
import com.headshotpro.webhooks.failure.NotPermittedException;
import com.headshotpro.webhooks.failure.TooLargeException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.ProblemDetail;

/** Each failure a service throws, and the problem the API answers it with. */
class ProblemsTests {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new NotFoundException("Webhook"), 404, "Not found", "Webhook not found", null),
                Arguments.of(new ConflictException("Taken"), 409, "Conflict", "Taken", null),
                Arguments.of(
                        new ConflictException("Replay running", "Another replay"),
                        409,
                        "Replay running",
                        "Another replay",
                        null),
                Arguments.of(
                        new InvalidFieldException("since", "must leave a range"),
                        400,
                        "Invalid request",
                        "'since' must leave a range",
                        null),
                Arguments.of(
                        new LimitExceededException("At most 10 test events an hour", Duration.ofMillis(1500)),
                        429,
                        "Too many requests",
                        "At most 10 test events an hour",
                        "2"),
                Arguments.of(
                        new LimitExceededException("Soon", Duration.ofMillis(10)),
                        429,
                        "Too many requests",
                        "Soon",
                        "1"),
                Arguments.of(
                        new TooLargeException("Replay too large", "More than 100000 deliveries"),
                        422,
                        "Replay too large",
                        "More than 100000 deliveries",
                        null),
                Arguments.of(
                        new InvalidCredentialsException(), 401, "Unauthorized", "Missing or invalid credentials", null),
                Arguments.of(
                        new NotPermittedException("The token names no organization"),
                        403,
                        "Forbidden",
                        "The token names no organization",
                        null),
                Arguments.of(
                        new NotPermittedException("API feature not enabled", "Turned off"),
                        403,
                        "API feature not enabled",
                        "Turned off",
                        null));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void eachFailureIsItsProblem(
            Failure failure, int status, String title, String detail, @Nullable String retryAfter) {
        ProblemDetail problem = Problems.of(failure);

        assertThat(problem.getStatus()).isEqualTo(status);
        assertThat(problem.getTitle()).isEqualTo(title);
        assertThat(problem.getDetail()).isEqualTo(detail);
        assertThat(Problems.retryAfterOf(failure)).isEqualTo(retryAfter);
    }

    @ParameterizedTest
    @MethodSource("failures")
    void onlyAnInvalidFieldListsItsField(Failure failure) {
        Object errors = Problems.of(failure).getProperties() == null
                ? null
                : Problems.of(failure).getProperties().get("errors");

        if (failure instanceof InvalidFieldException) {
            assertThat(errors).isEqualTo(List.of(new FieldError("since", "must leave a range")));
        } else {
            assertThat(errors).isNull();
        }
    }
}
