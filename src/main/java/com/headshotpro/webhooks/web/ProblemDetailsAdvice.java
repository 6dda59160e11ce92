package com.headshotpro.webhooks.web;

import com.headshotpro.webhooks.database.DatabaseAvailability;
import com.headshotpro.webhooks.failure.Failure;
import jakarta.validation.ConstraintViolationException;
import java.time.Instant;
import java.util.List;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error the API returns is an RFC 9457 problem, made here. Spring MVC's own failures (415, 405,
 * 406, ...) come through {@link ResponseEntityExceptionHandler}; validation failures list the offending
 * fields in {@code errors}. Messages never echo request values, so no secret can leak through them.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    private final DatabaseAvailability database;

    ProblemDetailsAdvice(DatabaseAvailability database) {
        this.database = database;
    }

    /** A service's failure, as {@link Problems#of(Failure)} makes it. */
    @ExceptionHandler(Failure.class)
    ResponseEntity<ProblemDetail> failure(Failure e) {
        ProblemDetail problem = Problems.of(e);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus());
        String retryAfter = Problems.retryAfterOf(e);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.body(problem);
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(e.problem());
    }

    /**
     * A header the security firewall refuses, or a query parameter Tomcat cannot decode (invalid UTF-8),
     * is found only when a controller reads it.
     */
    @ExceptionHandler({RequestRejectedException.class, InvalidParameterException.class})
    ResponseEntity<ProblemDetail> rejected(RuntimeException e) {
        return ResponseEntity.badRequest().body(Problems.malformedRequest());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(e.getName(), "has an invalid value"))));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldError(f.getField(), String.valueOf(f.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r instanceof ParameterErrors body
                        ? body.getFieldErrors().stream()
                                .map(f -> new FieldError(f.getField(), String.valueOf(f.getDefaultMessage())))
                        : r.getResolvableErrors().stream()
                                .map(err -> new FieldError(
                                        parameterName(r.getMethodParameter()),
                                        String.valueOf(err.getDefaultMessage()))))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = cause(e, BodyTooLargeException.class);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge.problem());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The request body is not valid JSON for this call");
        problem.setTitle("Malformed request body");
        UnrecognizedPropertyException unknown = cause(e, UnrecognizedPropertyException.class);
        DatabindException binding = cause(e, DatabindException.class);
        if (unknown != null) {
            problem.setTitle("Invalid request");
            problem.setDetail("Unknown field '" + unknown.getPropertyName() + "'");
            problem.setProperty("errors", List.of(new FieldError(unknown.getPropertyName(), "is not a known field")));
        } else if (binding != null && !binding.getPath().isEmpty()) {
            String field = fieldPath(binding);
            String message = binding instanceof InvalidFormatException format
                    ? format.getTargetType() == String.class
                            ? PlainText.RULE
                            : format.getTargetType() == Instant.class ? PlainText.TIME_RULE : "has an invalid value"
                    : "has an invalid value";
            problem.setTitle("Invalid request");
            problem.setDetail("Field '" + field + "' " + message);
            problem.setProperty("errors", List.of(new FieldError(field, message)));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    /**
     * An outage answers 503 at once, logged once for the whole outage; so does a request that got no
     * database connection in time, logged never (it is no outage); anything else is a 500, logged.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (database.report(e)) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Problems.retryAfter(e))
                    .body(Problems.databaseUnavailable(e));
        }
        log.error("Unhandled error", e);
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred");
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }

    private static ProblemDetail invalid(List<FieldError> errors) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }

    private static String fieldPath(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            String name = reference.getPropertyName();
            if (name != null) {
                path.append(path.isEmpty() ? "" : ".").append(name);
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The name the caller used: the header, query parameter or path variable, else the Java name. */
    private static String parameterName(MethodParameter parameter) {
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        String declared =
                header != null ? header.name() : param != null ? param.name() : path != null ? path.name() : "";
        if (!declared.isEmpty()) {
            return declared;
        }
        return parameter.getParameterName() == null ? "parameter" : parameter.getParameterName();
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static <T extends Throwable> @Nullable T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
