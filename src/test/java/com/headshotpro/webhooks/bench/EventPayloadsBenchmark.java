package com.headshotpro.webhooks.bench;

import com.headshotpro.webhooks.model.ModelObject;
import com.headshotpro.webhooks.outbox.EventPayloads;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@link EventPayloads#serialize}: the body of an event, made once when the event is stored. */
@State(Scope.Benchmark)
public class EventPayloadsBenchmark {

    private ModelObject pending;
    private ModelObject finished;
    private Map<String, Object> favoriteExtras;

    @Setup
    public void setUp() {
        pending = BenchData.model("Team headshots, Q1", false);
        finished = BenchData.model("Team headshots, Q1", true);
        favoriteExtras = BenchData.favoriteExtras();
    }

    /** {@code model.created}: no extras, {@code finishedAt} null. */
    @Benchmark
    public String serializeModelCreated() {
        return EventPayloads.serialize(
                BenchData.EVENT_ID, "model.created", BenchData.CREATED_AT, "model", pending, Map.of());
    }

    /** {@code model.favorite_selected}: the model plus a nested {@code favoritePhoto}. */
    @Benchmark
    public String serializeFavoriteSelected() {
        return EventPayloads.serialize(
                BenchData.EVENT_ID, "model.favorite_selected", BenchData.CREATED_AT, "model", finished, favoriteExtras);
    }
}
