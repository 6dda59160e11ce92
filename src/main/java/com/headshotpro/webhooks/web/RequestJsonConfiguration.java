package com.headshotpro.webhooks.web;

import java.time.DateTimeException;
import java.time.Instant;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * How request bodies are read, for every call at once, so that no field can be forgotten and a bad one
 * is a 400 naming it: a string is a JSON string of {@link PlainText}; a time is an ISO-8601 string that a
 * payload can show ({@link PlainText#TIME_RULE}); a boolean is {@code true} or {@code false}. Payloads
 * are written by their own mapper ({@code EventPayloads}), which this does not touch.
 */
@Configuration(proxyBeanMethods = false)
class RequestJsonConfiguration {

    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    @Bean
    JacksonModule strictRequestValues() {
        return new SimpleModule("strict-request-values")
                .addDeserializer(String.class, new PlainTextDeserializer())
                .addDeserializer(Instant.class, new PayloadTimeDeserializer());
    }

    /** Not 1 or "yes" for true. */
    @Bean
    JsonMapperBuilderCustomizer strictBooleans() {
        return builder -> builder.withCoercionConfig(
                LogicalType.Boolean,
                config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail));
    }

    /** A JSON string only, no number or boolean taken for one, then the plain-text rule. */
    static final class PlainTextDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String value = super.deserialize(p, ctxt);
            if (!PlainText.isPlain(value)) {
                throw InvalidFormatException.from(p, PlainText.RULE, value, String.class);
            }
            return value;
        }
    }

    /**
     * An ISO-8601 time with {@code Z} or an offset, in the years 1 to 9999: a payload shows times as
     * {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, and a year of five digits would need a sign. No epoch numbers.
     */
    static final class PayloadTimeDeserializer extends ValueDeserializer<Instant> {

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getString();
            Instant time;
            try {
                time = Instant.parse(text);
            } catch (DateTimeException e) {
                throw InvalidFormatException.from(p, PlainText.TIME_RULE, text, Instant.class);
            }
            if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
                throw InvalidFormatException.from(p, PlainText.TIME_RULE, text, Instant.class);
            }
            return time;
        }
    }
}
