package com.seqtag.api;

import com.seqtag.registry.ModelRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /model}: the active model's version and the entity types it knows. */
@RestController
@Tag(name = "Tagging")
public class ModelController {

    private final ModelRegistry registry;

    public ModelController(ModelRegistry registry) {
        this.registry = registry;
    }

    @Operation(summary = "The active model",
            description = "Version, entity types and validation scores of the model answering /tag now. "
                    + "After a retrain on custom data the types are those of that data.")
    @GetMapping(path = "/model", produces = MediaType.APPLICATION_JSON_VALUE)
    public ActiveModelResponse activeModel() {
        return ActiveModelResponse.of(registry.active().manifest());
    }
}
