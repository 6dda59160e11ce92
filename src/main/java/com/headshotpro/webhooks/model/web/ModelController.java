package com.headshotpro.webhooks.model.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.headshotpro.webhooks.failure.InvalidFieldException;
import com.headshotpro.webhooks.model.ModelObject;
import com.headshotpro.webhooks.model.ModelService;
import com.headshotpro.webhooks.model.ModelService.Favorite;
import com.headshotpro.webhooks.model.ModelService.NewModel;
import com.headshotpro.webhooks.model.ModelService.Result;
import com.headshotpro.webhooks.web.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/internal/v1/models")
@Tag(name = "Internal: models", description = "Called by the services that own models; each call emits an event")
@SecurityRequirement(name = "bearer")
class ModelController {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Visible ASCII, as header values should be. */
    private static final String IDEMPOTENCY_KEY_PATTERN = "[\\x21-\\x7E]{1,255}";

    private static final String IDEMPOTENCY_KEY_MESSAGE = "must be 1 to 255 visible ASCII characters";

    private final ModelService models;

    ModelController(ModelService models) {
        this.models = models;
    }

    record CreateModelRequest(
            @JsonProperty("_id") @Nullable @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
            String id,

            @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
            String organization,

            @NotBlank @Size(max = 200) String uid,
            @NotNull @Size(max = 500) String title,
            @NotBlank @Size(max = 200) String trigger,
            @NotBlank @Size(max = 64) String status) {}

    /** Up to {@link #MAX_BATCH} bodies of a single create. */
    record BatchRequest(
            @NotNull @Size(min = 1, max = MAX_BATCH) List<@NotNull @Valid CreateModelRequest> models) {}

    static final int MAX_BATCH = 500;

    record StatusRequest(
            @NotBlank @Size(max = 64) String status,
            @Nullable Instant finishedAt) {}

    record Urls(
            @NotBlank @Size(max = 2048) String preview,
            @NotBlank @Size(max = 2048) String transparent,
            @NotBlank @Size(max = 2048) String pfp) {}

    record FavoriteRequest(
            @NotBlank @Size(max = 200) String photoId,
            @NotNull @Valid Urls urls,
            @NotNull Instant expiresAt) {}

    @PostMapping
    @Operation(summary = "Create a model; emits model.created")
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = ModelObject.class)))
    ResponseEntity<String> create(
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
                    @Nullable
                    @Pattern(regexp = IDEMPOTENCY_KEY_PATTERN, message = IDEMPOTENCY_KEY_MESSAGE)
                    String key,
            @Valid @RequestBody CreateModelRequest request) {
        return json(models.create(newModel(request), key));
    }

    @PostMapping("/batch")
    @Operation(
            summary = "Create up to 500 models at once, all or none; each emits its own model.created",
            description = "201 {\"models\": [...]} in request order. A 400 problem names the failing element, such "
                    + "as models[3].title. Idempotency-Key as for one model, scoped to the first model's "
                    + "organization. The body may be up to 1 MiB.")
    @ApiResponse(responseCode = "201")
    ResponseEntity<String> createBatch(
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
                    @Nullable
                    @Pattern(regexp = IDEMPOTENCY_KEY_PATTERN, message = IDEMPOTENCY_KEY_MESSAGE)
                    String key,
            @Valid @RequestBody BatchRequest request) {
        List<NewModel> models = new ArrayList<>(request.models().size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < request.models().size(); i++) {
            CreateModelRequest model = request.models().get(i);
            if (model.id() != null && !ids.add(model.id())) {
                throw new InvalidFieldException("models[" + i + "]._id", "appears more than once in the batch");
            }
            models.add(newModel(model));
        }
        return json(this.models.createBatch(models, key));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a model's status; emits model.status.updated when it changed")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ModelObject.class)))
    ResponseEntity<String> changeStatus(
            @PathVariable @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String id,
            @Valid @RequestBody StatusRequest request) {
        return json(models.changeStatus(id, request.status(), request.finishedAt()));
    }

    @PostMapping("/{id}/photos-ready")
    @Operation(summary = "Report a model's headshots ready; emits model.photos_ready")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ModelObject.class)))
    ResponseEntity<String> photosReady(
            @PathVariable @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String id,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
                    @Nullable
                    @Pattern(regexp = IDEMPOTENCY_KEY_PATTERN, message = IDEMPOTENCY_KEY_MESSAGE)
                    String key) {
        return json(models.photosReady(id, key));
    }

    @PostMapping("/{id}/favorite")
    @Operation(summary = "Report the favorite photo selected; emits model.favorite_selected")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ModelObject.class)))
    ResponseEntity<String> favorite(
            @PathVariable @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String id,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
                    @Nullable
                    @Pattern(regexp = IDEMPOTENCY_KEY_PATTERN, message = IDEMPOTENCY_KEY_MESSAGE)
                    String key,
            @Valid @RequestBody FavoriteRequest request) {
        Favorite favorite = new Favorite(
                request.photoId(),
                request.urls().preview(),
                request.urls().transparent(),
                request.urls().pfp(),
                request.expiresAt());
        return json(models.favoriteSelected(id, favorite, key));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a model; emits model.deleted")
    void delete(@PathVariable @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String id) {
        models.delete(id);
    }

    private static NewModel newModel(CreateModelRequest request) {
        return new NewModel(
                request.id(),
                request.organization(),
                request.uid(),
                request.title(),
                request.trigger(),
                request.status());
    }

    /** 201 for models made, 200 for a change to one; the body as the service wrote (or stored) it. */
    private static ResponseEntity<String> json(Result result) {
        HttpStatus status = switch (result.outcome()) {
            case CREATED -> HttpStatus.CREATED;
            case DONE -> HttpStatus.OK;
        };
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(result.body());
    }
}
