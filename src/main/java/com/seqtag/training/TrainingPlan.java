package com.seqtag.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.seqtag.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A whole training recipe: the network's shape ({@link ModelConfig}) and how to train it
 * ({@link TrainingConfig}). Users write it with flat keys, e.g. {@code {"epochs": 3, "layers": 2,
 * "cell": "gru"}}, in a JSON or YAML file or as overrides; unknown keys and impossible values are
 * rejected with a message naming the key.
 */
public record TrainingPlan(ModelConfig model, TrainingConfig training) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Rejects settings that only fail together (e.g. word dropout that could not drop anything). */
    public TrainingPlan {
        try {
            WordDropout.checkApplies(training.wordDropout(), model);
        } catch (IllegalArgumentException e) {
            throw new InvalidTrainingPlanException(e.getMessage());
        }
    }

    /** The recipe of the bundled model (with the default epoch budget). */
    public static TrainingPlan defaults() {
        return new TrainingPlan(ModelConfig.defaults(), TrainingConfig.defaults());
    }

    /** Reads flat keys from a JSON or YAML file and applies them to the defaults. */
    public static TrainingPlan read(Path file) throws IOException {
        return defaults().withOverrides(settingsIn(file));
    }

    /** The flat keys and values a JSON or YAML plan file sets, as written. */
    public static Map<String, Object> settingsIn(Path file) throws IOException {
        String name = file.getFileName().toString();
        ObjectMapper reader = name.endsWith(".yml") || name.endsWith(".yaml") ? YAML : JSON;
        JsonNode tree = reader.readTree(Files.readString(file));
        if (tree == null || !tree.isObject()) {
            throw new InvalidTrainingPlanException(file + " must hold an object of settings, e.g. {\"epochs\": 3}");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        tree.fields().forEachRemaining(field -> settings.put(field.getKey(), JSON.convertValue(field.getValue(), Object.class)));
        return settings;
    }

    /** Every key a plan accepts, sorted. */
    public static List<String> keys() {
        TreeSet<String> keys = new TreeSet<>();
        defaults().modelTree().fieldNames().forEachRemaining(keys::add);
        defaults().trainingTree().fieldNames().forEachRemaining(keys::add);
        return new ArrayList<>(keys);
    }

    /**
     * This plan with some settings replaced. Keys are the field names of {@link ModelConfig} and
     * {@link TrainingConfig} (they do not overlap); values are validated by those records.
     */
    public TrainingPlan withOverrides(Map<String, ?> overrides) {
        ObjectNode model = modelTree();
        ObjectNode training = trainingTree();
        for (Map.Entry<String, ?> override : overrides.entrySet()) {
            String key = override.getKey();
            JsonNode value = JSON.valueToTree(override.getValue());
            if (model.has(key)) {
                model.set(key, value);
            } else if (training.has(key)) {
                training.set(key, value);
            } else {
                throw new UnknownSettingException("unknown setting \"" + key + "\"; known settings: "
                        + String.join(", ", keys()));
            }
        }
        return new TrainingPlan(convert(model, ModelConfig.class), convert(training, TrainingConfig.class));
    }

    /** The plan as flat keys, the form {@link #withOverrides} and {@link #read} accept. */
    public Map<String, Object> asMap() {
        Map<String, Object> flat = new LinkedHashMap<>();
        for (ObjectNode tree : List.of(modelTree(), trainingTree())) {
            Iterator<Map.Entry<String, JsonNode>> fields = tree.fields();
            fields.forEachRemaining(field -> flat.put(field.getKey(), JSON.convertValue(field.getValue(), Object.class)));
        }
        return flat;
    }

    private ObjectNode modelTree() {
        return JSON.valueToTree(model);
    }

    private ObjectNode trainingTree() {
        return JSON.valueToTree(training);
    }

    private static <T> T convert(ObjectNode tree, Class<T> type) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            // The record's own validation: its message names the field and the allowed range.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidTrainingPlanException(cause.getMessage());
        } catch (IOException e) {
            throw new InvalidTrainingPlanException(describe(e));
        }
    }

    private static String describe(IOException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().get(mapping.getPath().size() - 1).getFieldName();
            return "setting \"" + field + "\" has a value of the wrong type or an unknown choice";
        }
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return "the settings could not be read: " + (newline < 0 ? message : message.substring(0, newline));
    }

    /** Settings that cannot make a plan: an unknown key, a wrong type or an impossible value. */
    public static class InvalidTrainingPlanException extends IllegalArgumentException {
        public InvalidTrainingPlanException(String message) {
            super(message);
        }
    }

    /** A key no plan has: the request is malformed rather than asking for something impossible. */
    public static class UnknownSettingException extends InvalidTrainingPlanException {
        public UnknownSettingException(String message) {
            super(message);
        }
    }
}
