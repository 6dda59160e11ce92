package com.headshotpro.webhooks.model;

import com.headshotpro.webhooks.failure.ConflictException;
import com.headshotpro.webhooks.failure.NotFoundException;
import com.headshotpro.webhooks.model.ModelEvent.FavoritePhoto;
import com.headshotpro.webhooks.outbox.Outbox;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.codec.digest.DigestUtils;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Model changes reported by the services that own models. Each change and its event are stored in one
 * transaction: both or neither.
 */
@Service
public class ModelService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final IdempotencyKeys idempotencyKeys;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    ModelService(JdbcClient jdbc, IdempotencyKeys idempotencyKeys, Outbox outbox, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.idempotencyKeys = idempotencyKeys;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /**
     * What a change did, and its model (or batch) as JSON: stored with an Idempotency-Key, so that a replay
     * is the same result and the same bytes.
     */
    public record Result(Outcome outcome, String body) {}

    public enum Outcome {
        /** New models were made. */
        CREATED,
        /** An existing model was changed, or an event about it recorded. */
        DONE
    }

    public record NewModel(
            @Nullable String id, String organization, String uid, String title, String trigger, String status) {}

    public record Favorite(String photoId, String preview, String transparent, String pfp, Instant expiresAt) {}

    /** The response to a batch: the models in the order they were given. */
    record Batch(List<ModelObject> models) {}

    @Transactional
    public Result create(NewModel request, @Nullable String idempotencyKey) {
        return idempotent(
                request.organization(),
                idempotencyKey,
                "create " + request,
                Outcome.CREATED,
                () -> createAll(List.of(request)).getFirst());
    }

    /**
     * Creates up to 500 models, all or none, each with its own {@code model.created} event: one statement
     * for the models, one for the events, one for their deliveries. An Idempotency-Key belongs to the
     * organization of the first model.
     */
    @Transactional
    public Result createBatch(List<NewModel> requests, @Nullable String idempotencyKey) {
        return idempotent(
                requests.getFirst().organization(),
                idempotencyKey,
                "batch " + requests,
                Outcome.CREATED,
                () -> new Batch(createAll(requests)));
    }

    private List<ModelObject> createAll(List<NewModel> requests) {
        Instant now = now();
        List<ModelObject> created = requests.stream()
                .map(r -> ModelObject.of(
                        r.id() != null ? r.id() : newId(),
                        r.uid(),
                        r.title(),
                        r.trigger(),
                        r.status(),
                        null,
                        now,
                        r.organization()))
                .toList();
        insert(created, now);
        outbox.appendAll(created.stream()
                .map(model -> newEvent(new ModelEvent.ModelCreated(model)))
                .toList());
        return created;
    }

    @Transactional
    public Result changeStatus(String id, String status, @Nullable Instant finishedAt) {
        Model model = find(id);
        Model changed = model.withStatus(status, finishedAt == null ? null : finishedAt.truncatedTo(ChronoUnit.MILLIS));
        if (!changed.equals(model)) {
            jdbc.sql("UPDATE model SET status = :status, finished_at = :finishedAt WHERE id = :id")
                    .param("id", id)
                    .param("status", changed.status())
                    .param(
                            "finishedAt",
                            changed.finishedAt() == null
                                    ? null
                                    : changed.finishedAt().atOffset(ZoneOffset.UTC))
                    .update();
        }
        ModelObject snapshot = changed.snapshot();
        if (!changed.status().equals(model.status())) {
            publish(new ModelEvent.ModelStatusUpdated(snapshot));
        }
        return new Result(Outcome.DONE, json.writeValueAsString(snapshot));
    }

    @Transactional
    public Result photosReady(String id, @Nullable String idempotencyKey) {
        Model model = find(id);
        return idempotent(
                model.organizationId(),
                idempotencyKey,
                "photos-ready " + id,
                Outcome.DONE,
                () -> publish(new ModelEvent.PhotosReady(model.snapshot())));
    }

    @Transactional
    public Result favoriteSelected(String id, Favorite favorite, @Nullable String idempotencyKey) {
        Model model = find(id);
        return idempotent(
                model.organizationId(), idempotencyKey, "favorite " + id + " " + favorite, Outcome.DONE, () -> {
                    FavoritePhoto photo = FavoritePhoto.of(
                            favorite.photoId(),
                            new ModelEvent.Urls(favorite.preview(), favorite.transparent(), favorite.pfp()),
                            favorite.expiresAt());
                    return publish(new ModelEvent.FavoriteSelected(model.snapshot(), photo));
                });
    }

    @Transactional
    public void delete(String id) {
        Model model = find(id);
        jdbc.sql("DELETE FROM model WHERE id = :id").param("id", id).update();
        publish(new ModelEvent.ModelDeleted(model.snapshot()));
    }

    /**
     * Inserts the models in one statement: an unknown organization is not found, a taken id a conflict.
     * Only models of organizations that exist are inserted (organization's {@code known_organization}),
     * so fewer rows than models means an organization is unknown; no lock is taken on it (V14).
     */
    private void insert(List<ModelObject> created, Instant now) {
        int n = created.size();
        String[] ids = new String[n];
        String[] organizations = new String[n];
        String[] uids = new String[n];
        String[] titles = new String[n];
        String[] triggers = new String[n];
        String[] statuses = new String[n];
        for (int i = 0; i < n; i++) {
            ModelObject model = created.get(i);
            ids[i] = model.id();
            organizations[i] = model.organization();
            uids[i] = model.uid();
            titles[i] = model.title();
            triggers[i] = model.trigger();
            statuses[i] = model.status();
        }
        int inserted;
        try {
            inserted = jdbc.sql("""
                            INSERT INTO model (id, organization_id, uid, title, trigger, status, created_at)
                            SELECT m.id, m.organization_id, m.uid, m.title, m.trigger, m.status, :now
                              FROM unnest(:ids::text[], :organizations::text[], :uids::text[], :titles::text[],
                                          :triggers::text[], :statuses::text[])
                                   AS m(id, organization_id, uid, title, trigger, status)
                             WHERE m.organization_id IN (SELECT id FROM known_organization)
                            """)
                    .param("ids", ids)
                    .param("organizations", organizations)
                    .param("uids", uids)
                    .param("titles", titles)
                    .param("triggers", triggers)
                    .param("statuses", statuses)
                    .param("now", now.atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException(
                    n == 1 ? "A model with this _id exists" : "A model with one of these _ids exists");
        }
        if (inserted < n) {
            throw new NotFoundException("Organization");
        }
    }

    private ModelObject publish(ModelEvent event) {
        outbox.append(newEvent(event));
        return event.model();
    }

    private static Outbox.NewEvent newEvent(ModelEvent event) {
        return new Outbox.NewEvent(
                event.model().organization(), event.type().wireName(), "model", event.model(), event.extras(), null);
    }

    private Result idempotent(
            String organizationId, @Nullable String key, String request, Outcome outcome, Supplier<Object> change) {
        if (key == null) {
            return new Result(outcome, json.writeValueAsString(change.get()));
        }
        var claim = idempotencyKeys.claim(organizationId, key, DigestUtils.sha256Hex(request), clock.instant());
        return switch (claim) {
            case IdempotencyKeys.Replay replay -> replay.result();
            case IdempotencyKeys.Mismatch mismatch ->
                throw new ConflictException("This Idempotency-Key was used for a different request");
            case IdempotencyKeys.Claimed claimed -> {
                Result result = new Result(outcome, json.writeValueAsString(change.get()));
                idempotencyKeys.complete(organizationId, key, result);
                yield result;
            }
        };
    }

    /** The model, locked until the transaction ends: changes to one model take turns. */
    private Model find(String id) {
        return jdbc.sql("""
                        SELECT id, organization_id, uid, title, trigger, status, finished_at, created_at
                          FROM model WHERE id = :id FOR NO KEY UPDATE
                        """)
                .param("id", id)
                .query((row, n) -> new Model(
                        row.getString("id"),
                        row.getString("organization_id"),
                        row.getString("uid"),
                        row.getString("title"),
                        row.getString("trigger"),
                        row.getString("status"),
                        instantOrNull(row.getObject("finished_at", OffsetDateTime.class)),
                        row.getObject("created_at", OffsetDateTime.class).toInstant()))
                .optional()
                .orElseThrow(() -> new NotFoundException("Model"));
    }

    private static @Nullable Instant instantOrNull(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
