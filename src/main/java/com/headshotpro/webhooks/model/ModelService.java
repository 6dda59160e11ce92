package com.headshotpro.webhooks.model;

import com.headshotpro.webhooks.model.ModelEvent.FavoritePhoto;
import com.headshotpro.webhooks.outbox.Outbox;
import com.headshotpro.webhooks.web.ApiException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.apache.commons.codec.digest.DigestUtils;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
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
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String UNIQUE_VIOLATION = "23505";

    private final ModelRepository models;
    private final IdempotencyKeys idempotencyKeys;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    ModelService(ModelRepository models, IdempotencyKeys idempotencyKeys, Outbox outbox, JsonMapper json, Clock clock) {
        this.models = models;
        this.idempotencyKeys = idempotencyKeys;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** A response of the internal API as JSON, so that an Idempotency-Key replay is the same bytes. */
    public record Response(int status, String body) {}

    public record NewModel(
            @Nullable String id, String organization, String uid, String title, String trigger, String status) {}

    public record Favorite(String photoId, String preview, String transparent, String pfp, Instant expiresAt) {}

    @Transactional
    public Response create(NewModel request, @Nullable String idempotencyKey) {
        return idempotent(request.organization(), idempotencyKey, "create " + request, HttpStatus.CREATED, () -> {
            String id = request.id() != null ? request.id() : newId();
            Model model = insert(new Model(
                    id,
                    request.organization(),
                    request.uid(),
                    request.title(),
                    request.trigger(),
                    request.status(),
                    now()));
            return publish(new ModelEvent.ModelCreated(model.snapshot()));
        });
    }

    @Transactional
    public Response changeStatus(String id, String status, @Nullable Instant finishedAt) {
        Model model = find(id);
        boolean changed =
                model.changeStatus(status, finishedAt == null ? null : finishedAt.truncatedTo(ChronoUnit.MILLIS));
        models.save(model);
        ModelObject snapshot = model.snapshot();
        if (changed) {
            publish(new ModelEvent.ModelStatusUpdated(snapshot));
        }
        return new Response(HttpStatus.OK.value(), json.writeValueAsString(snapshot));
    }

    @Transactional
    public Response photosReady(String id, @Nullable String idempotencyKey) {
        Model model = find(id);
        return idempotent(
                model.organizationId(),
                idempotencyKey,
                "photos-ready " + id,
                HttpStatus.OK,
                () -> publish(new ModelEvent.PhotosReady(model.snapshot())));
    }

    @Transactional
    public Response favoriteSelected(String id, Favorite favorite, @Nullable String idempotencyKey) {
        Model model = find(id);
        return idempotent(
                model.organizationId(), idempotencyKey, "favorite " + id + " " + favorite, HttpStatus.OK, () -> {
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
        models.delete(model);
        publish(new ModelEvent.ModelDeleted(model.snapshot()));
    }

    /** Inserts at once: an unknown organization (foreign key) is a 404, a taken id a 409. */
    private Model insert(Model model) {
        try {
            return models.saveAndFlush(model);
        } catch (DataIntegrityViolationException e) {
            String state = e.getMostSpecificCause() instanceof SQLException sql ? sql.getSQLState() : null;
            if (FOREIGN_KEY_VIOLATION.equals(state)) {
                throw ApiException.notFound("Organization");
            }
            if (UNIQUE_VIOLATION.equals(state)) {
                throw ApiException.conflict("A model with this _id exists");
            }
            throw e;
        }
    }

    private ModelObject publish(ModelEvent event) {
        outbox.append(event.model().organization(), event.type(), "model", event.model(), event.extras(), false);
        return event.model();
    }

    private Response idempotent(
            String organizationId,
            @Nullable String key,
            String request,
            HttpStatus status,
            Supplier<ModelObject> change) {
        if (key == null) {
            return new Response(status.value(), json.writeValueAsString(change.get()));
        }
        var claim = idempotencyKeys.claim(organizationId, key, DigestUtils.sha256Hex(request), clock.instant());
        return switch (claim) {
            case IdempotencyKeys.Replay replay -> new Response(replay.status(), replay.body());
            case IdempotencyKeys.Mismatch mismatch ->
                throw ApiException.conflict("This Idempotency-Key was used for a different request");
            case IdempotencyKeys.Claimed claimed -> {
                Response response = new Response(status.value(), json.writeValueAsString(change.get()));
                idempotencyKeys.complete(organizationId, key, response.status(), response.body());
                yield response;
            }
        };
    }

    private Model find(String id) {
        return models.findForUpdate(id).orElseThrow(() -> ApiException.notFound("Model"));
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
