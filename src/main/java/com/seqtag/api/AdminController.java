package com.seqtag.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.seqtag.api.edge.ApiException;
import com.seqtag.config.SeqtagProperties;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.registry.ModelVersion;
import com.seqtag.retrain.JobSnapshot;
import com.seqtag.retrain.RetrainOrders;
import com.seqtag.retrain.TrainingJobs;
import com.seqtag.store.UnknownModelVersionException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The admin API: start and follow retraining jobs, list model versions and switch between them.
 * Every route needs the bearer token (checked by {@code AdminAuthInterceptor}); the work happens
 * in {@link TrainingJobs} and {@link ModelRegistry}.
 */
@RestController
@Tag(name = "Admin", description = "Retraining and model versions (bearer token seqtag.admin.token)")
@SecurityRequirement(name = "adminToken")
@ApiResponse(responseCode = "401", description = "Missing or wrong bearer token")
@ApiResponse(responseCode = "404", description = "Admin endpoints are disabled (no token configured), or no such job/model")
public class AdminController {

    private static final TypeReference<Map<String, Object>> SETTINGS = new TypeReference<>() { };

    private final TrainingJobs jobs;
    private final RetrainOrders orders;
    private final ModelRegistry registry;
    private final ObjectMapper json;
    private final long maxUploadBytes;

    public AdminController(TrainingJobs jobs, RetrainOrders orders, ModelRegistry registry, ObjectMapper json,
                           SeqtagProperties properties) {
        this.jobs = jobs;
        this.orders = orders;
        this.registry = registry;
        this.json = json;
        this.maxUploadBytes = properties.training().maxUpload().toBytes();
    }

    @Operation(summary = "Start a retraining job",
            description = "Validates the request, then trains in the background and answers 202 with the job and its "
                    + "Location. When training ends, the new model is scored against the active one on the same "
                    + "validation data and promoted only if its F1 is at least the active F1 minus "
                    + "seqtag.training.gate-tolerance (or if force is set). One job runs at a time across every replica "
                    + "sharing the model store. With config.initFrom (\"active\" or a version) training starts from "
                    + "that model's weights (a warm start) and the job shows startedFrom.")
    @ApiResponse(responseCode = "202", description = "Job accepted")
    @ApiResponse(responseCode = "400", description = "Malformed CoNLL (the detail names part and line), unknown setting, "
            + "bad JSON, an initFrom naming no known model version, or a shape setting unlike the starting model's")
    @ApiResponse(responseCode = "409", description = "Another job is running, on this replica or another; Location names it")
    @ApiResponse(responseCode = "413", description = "An upload is larger than seqtag.training.max-upload")
    @ApiResponse(responseCode = "422", description = "Impossible setting values (e.g. layers 0), or no data to train on")
    @PostMapping(path = "/admin/retrain", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JobSnapshot> retrain(@RequestBody RetrainRequest request) {
        if (request == null) {
            throw ApiException.badRequest("the body must be a JSON object, e.g. {\"config\": {\"epochs\": 3}}");
        }
        checkSize("trainConll", request.trainConll() == null ? 0 : utf8Length(request.trainConll()));
        checkSize("validConll", request.validConll() == null ? 0 : utf8Length(request.validConll()));
        return start(request.config(), request.trainConll(), Boolean.TRUE.equals(request.addToBase()),
                request.validConll(), Boolean.TRUE.equals(request.force()));
    }

    @Operation(summary = "Start a retraining job from uploaded files",
            description = "As the JSON form, with trainConll and validConll as file parts and config as a JSON text field.")
    @ApiResponse(responseCode = "202", description = "Job accepted")
    @PostMapping(path = "/admin/retrain", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JobSnapshot> retrainMultipart(
            @Parameter(description = "Training settings as JSON, e.g. {\"epochs\": 3}")
            @RequestParam(name = "config", required = false) String config,
            @RequestPart(name = "trainConll", required = false) MultipartFile trainConll,
            @RequestParam(name = "addToBase", required = false) String addToBase,
            @RequestPart(name = "validConll", required = false) MultipartFile validConll,
            @RequestParam(name = "force", required = false) String force) {
        Map<String, Object> settings = null;
        if (config != null && !config.isBlank()) {
            try {
                settings = json.readValue(config, SETTINGS);
            } catch (JsonProcessingException e) {
                throw ApiException.badRequest("\"config\" must be a JSON object of settings, e.g. {\"epochs\": 3}");
            }
        }
        return start(settings, text("trainConll", trainConll), flag("addToBase", addToBase),
                text("validConll", validConll), flag("force", force));
    }

    private ResponseEntity<JobSnapshot> start(Map<String, Object> config, String trainConll, boolean addToBase,
                                              String validConll, boolean force) {
        JobSnapshot job = jobs.submit(orders.prepare(config == null ? Map.of() : config, trainConll, addToBase,
                validConll, force));
        return ResponseEntity.accepted().location(jobLocation(job.id())).body(job);
    }

    @Operation(summary = "List training jobs",
            description = "Every replica's jobs, from the model store, newest first; the newest 100 finished jobs are kept.")
    @ApiResponse(responseCode = "503", description = "The model store cannot be reached")
    @GetMapping(path = "/admin/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
    public JobList listJobs() {
        return new JobList(jobs.list());
    }

    @Operation(summary = "A training job",
            description = "State (queued, running, succeeded, failed, rejected, cancelled), progress with ETA, "
                    + "loss and valid F1 per finished epoch, the model version, the gate's verdict, the reason, and the "
                    + "replica training it. Any replica answers for any job; a job whose replica died is reported "
                    + "failed once its training lease (seqtag.training.lease-duration) has lapsed.")
    @GetMapping(path = "/admin/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public JobSnapshot job(@PathVariable String id) {
        return jobs.get(id).orElseThrow(() -> unknownJob(id));
    }

    @Operation(summary = "Cancel a training job",
            description = "A queued job is cancelled at once, a running one at its next minibatch (202); "
                    + "the active model is never touched. Through another replica than the training one, the "
                    + "training replica picks the request up within 2 s.")
    @ApiResponse(responseCode = "202", description = "Cancellation requested")
    @ApiResponse(responseCode = "409", description = "The job has already ended")
    @DeleteMapping(path = "/admin/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JobSnapshot> cancel(@PathVariable String id) {
        JobSnapshot before = jobs.get(id).orElseThrow(() -> unknownJob(id));
        if (before.state().isFinal()) {
            throw new ApiException(HttpStatus.CONFLICT, "Job already ended",
                    "training job " + id + " has already ended (" + before.state().json() + ")");
        }
        return ResponseEntity.accepted().body(jobs.cancel(id).orElseThrow(() -> unknownJob(id)));
    }

    @Operation(summary = "List model versions",
            description = "The bundled model and every stored version with its metadata; `active` marks the one serving.")
    @GetMapping(path = "/admin/models", produces = MediaType.APPLICATION_JSON_VALUE)
    public ModelList models() throws IOException {
        return new ModelList(registry.active().version(), registry.versions());
    }

    @Operation(summary = "Activate a model version",
            description = "Rolls back or forward: loads the version (checksums verified), swaps it in without "
                    + "interrupting requests, and records the choice so it survives a restart.")
    @ApiResponse(responseCode = "422", description = "The version's file is damaged; the active model stays")
    @PostMapping(path = "/admin/models/{version}/activate", produces = MediaType.APPLICATION_JSON_VALUE)
    public ModelVersion activate(@PathVariable String version) throws IOException {
        try {
            registry.activateVersion(version);
        } catch (UnknownModelVersionException e) {
            throw new ApiException(HttpStatus.NOT_FOUND, "Unknown model version", e.getMessage());
        } catch (IOException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "Model cannot be loaded",
                    "model " + version + " cannot be loaded (" + e.getMessage() + "); the active model is unchanged");
        }
        return registry.versions().stream()
                .filter(candidate -> candidate.version().equals(version))
                .findFirst()
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "Unknown model version",
                        "no model version \"" + version + "\""));
    }

    private static URI jobLocation(String id) {
        return URI.create("/admin/jobs/" + id);
    }

    private static ApiException unknownJob(String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "Unknown job", "no training job \""
                + (id.length() > 80 ? id.substring(0, 77) + "..." : id) + "\"");
    }

    private void checkSize(String part, long bytes) {
        if (bytes > maxUploadBytes) {
            throw ApiException.tooLarge(part + " has " + bytes + " bytes; the limit (seqtag.training.max-upload) is "
                    + maxUploadBytes + " bytes");
        }
    }

    private String text(String part, MultipartFile file) {
        if (file == null) {
            return null;
        }
        checkSize(part, file.getSize());
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file.getBytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest(part + " is not UTF-8 text");
        } catch (IOException e) {
            throw ApiException.badRequest(part + " could not be read: " + e.getMessage());
        }
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest("\"" + name + "\" must be true or false, not \""
                    + (value.length() > 20 ? value.substring(0, 17) + "..." : value) + "\"");
        };
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
