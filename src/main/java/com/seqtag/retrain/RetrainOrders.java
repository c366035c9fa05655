package com.seqtag.retrain;

import com.seqtag.data.ConllFormatException;
import com.seqtag.data.ConllReader;
import com.seqtag.data.IobCodec;
import com.seqtag.data.LabeledSentence;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.store.ModelManifest;
import com.seqtag.store.ModelStoreUnavailableException;
import com.seqtag.store.UnknownModelVersionException;
import com.seqtag.training.TrainingConfig;
import com.seqtag.training.TrainingPlan;
import com.seqtag.training.WarmStart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the parts of a retraining request into a {@link RetrainOrder}, or explains precisely what
 * is wrong with them (which part, which line, which setting) before any job exists.
 */
public final class RetrainOrders {

    private final Path trainFile;
    private final Path validFile;
    private final Path planFile;
    private final ModelRegistry registry;
    private final ConllReader reader = new ConllReader();

    /** Orders that train from scratch only: {@code initFrom} is refused. */
    public RetrainOrders(Path trainFile, Path validFile, Path planFile) {
        this(trainFile, validFile, planFile, null);
    }

    /**
     * @param trainFile server-side training corpus, or null
     * @param validFile server-side validation set, or null
     * @param planFile  training plan file the request's overrides apply to, or null for the defaults
     * @param registry  the model versions {@code initFrom} may name, or null to refuse warm starts
     */
    public RetrainOrders(Path trainFile, Path validFile, Path planFile, ModelRegistry registry) {
        this.trainFile = trainFile;
        this.validFile = validFile;
        this.planFile = planFile;
        this.registry = registry;
    }

    /**
     * Validates and assembles a request.
     *
     * @param overrides  training settings to change (flat keys such as {@code epochs})
     * @param trainConll uploaded CoNLL training text, or null for the configured corpus
     * @param addToBase  train on the configured corpus plus the upload
     * @param validConll uploaded CoNLL validation text, or null for the configured set
     * @param force      promote even if the validation gate would reject
     * @throws TrainingPlan.InvalidTrainingPlanException for unknown or impossible settings
     * @throws InvalidTrainingDataException              for unusable data, naming the part and line
     * @throws UnavailableCorpusException                when configured files are missing or unreadable
     * @throws UnknownStartingModelException             when {@code initFrom} names no known version
     * @throws WarmStart.IncompatibleStartException      when a setting given differs from the starting model's shape
     */
    public RetrainOrder prepare(Map<String, Object> overrides, String trainConll, boolean addToBase,
                                String validConll, boolean force) {
        TrainingPlan plan = basePlan().withOverrides(overrides);
        String startedFrom = null;
        if (plan.training().warmStart()) {
            ModelManifest start = namedModel("initFrom", plan.training().initFrom());
            plan = WarmStart.shapedLike(plan, start, overrides.keySet());
            startedFrom = start.version();
        }
        List<ModelManifest> teachers = new ArrayList<>();
        if (plan.training().distills()) {
            for (String teacher : plan.training().teachers()) {
                teachers.add(namedModel("teachers", teacher));
            }
            // "active" becomes the version it names now, so the job distils from what was checked here.
            plan = plan.withOverrides(Map.of("teachers", teachers.stream().map(ModelManifest::version).toList()));
        }
        List<LabeledSentence> trainSet = new ArrayList<>();
        String trainSource;
        if (trainConll == null) {
            if (addToBase) {
                throw new InvalidTrainingDataException("addToBase needs an uploaded trainConll to add to the corpus");
            }
            trainSet.addAll(configured(trainFile, "train-file"));
            trainSource = "configured corpus " + trainFile.getFileName();
        } else {
            List<LabeledSentence> uploaded = parse("trainConll", trainConll);
            if (addToBase) {
                if (trainFile == null) {
                    throw new InvalidTrainingDataException("addToBase needs a server-side corpus to add trainConll to "
                            + "and none is configured (seqtag.training.train-file); send trainConll without addToBase");
                }
                trainSet.addAll(configured(trainFile, "train-file"));
                trainSource = "configured corpus " + trainFile.getFileName() + " + upload";
            } else {
                trainSource = "upload";
            }
            trainSet.addAll(uploaded);
        }
        List<LabeledSentence> validSet;
        String validSource;
        if (validConll == null) {
            validSet = configured(validFile, "valid-file");
            validSource = "configured validation set " + validFile.getFileName();
        } else {
            validSet = parse("validConll", validConll);
            validSource = "upload";
        }
        checkValidationTypes(trainSet, validSet, validConll == null ? "the configured valid-file" : "validConll");
        checkTeacherTypes(teachers, trainSet);
        return new RetrainOrder(plan, overrides, trainSet, validSet, trainSource, validSource, force, startedFrom);
    }

    /**
     * The manifest of the model a setting ({@code initFrom} or an entry of {@code teachers}) names:
     * {@code "active"} or a version (stored or bundled).
     */
    private ModelManifest namedModel(String key, String name) {
        if (registry == null) {
            throw new UnknownStartingModelException(key, key + ": this service does not train from existing models;"
                    + " leave " + key + " out");
        }
        String version = name.equals(TrainingConfig.ACTIVE_MODEL) ? registry.active().version() : name;
        try {
            return registry.manifest(version);
        } catch (UnknownModelVersionException e) {
            throw new UnknownStartingModelException(key, key + ": " + e.getMessage() + " (use \"active\", or a version"
                    + " GET /admin/models lists)");
        } catch (ModelStoreUnavailableException e) {
            throw e;
        } catch (IOException e) {
            throw new UnknownStartingModelException(key, key + ": model " + version + " cannot be read ("
                    + e.getMessage() + ")");
        }
    }

    /** A teacher that knows other entity types than the training data cannot give its tokens targets. */
    private static void checkTeacherTypes(List<ModelManifest> teachers, List<LabeledSentence> trainSet) {
        Set<String> trained = new TreeSet<>(IobCodec.entityTypesOf(trainSet));
        for (ModelManifest teacher : teachers) {
            Set<String> known = new TreeSet<>(teacher.entityTypes());
            if (!known.equals(trained)) {
                throw new InvalidTrainingDataException("teachers: model " + teacher.version() + " knows the entity"
                        + " types " + known + " but the training data has " + trained + "; a teacher must know"
                        + " exactly the training data's types");
            }
        }
    }

    /**
     * The model learns only the entity types of its training data; validation types beyond them could
     * never be found, so the validation F1 (and the gate comparing it) would mean nothing. The active
     * model, scored on that data too, can be beaten by a model that knows none of its types.
     */
    private static void checkValidationTypes(List<LabeledSentence> trainSet, List<LabeledSentence> validSet,
                                             String validPart) {
        List<String> trained = IobCodec.entityTypesOf(trainSet);
        List<String> unknown = new ArrayList<>(IobCodec.entityTypesOf(validSet));
        unknown.removeAll(trained);
        if (!unknown.isEmpty()) {
            throw new InvalidTrainingDataException(validPart + " has entity types the training data never has: "
                    + String.join(", ", unknown) + " (training data types: "
                    + (trained.isEmpty() ? "none" : String.join(", ", trained))
                    + "); a model cannot learn them, so its validation score would be meaningless");
        }
    }


    private TrainingPlan basePlan() {
        if (planFile == null) {
            return TrainingPlan.defaults();
        }
        try {
            return TrainingPlan.read(planFile);
        } catch (IOException | RuntimeException e) {
            throw new UnavailableCorpusException("the configured training plan " + planFile.getFileName()
                    + " cannot be read: " + e.getMessage());
        }
    }

    private List<LabeledSentence> parse(String part, String conll) {
        List<LabeledSentence> sentences;
        try {
            sentences = reader.parse(conll);
        } catch (ConllFormatException e) {
            throw new InvalidTrainingDataException(part + ": " + e.getMessage());
        }
        if (sentences.isEmpty()) {
            throw new InvalidTrainingDataException(part + " holds no sentences (expected CoNLL: one token per line, "
                    + "word first and IOB2 label last, blank lines between sentences)");
        }
        return sentences;
    }

    private List<LabeledSentence> configured(Path file, String key) {
        if (file == null) {
            throw new InvalidTrainingDataException("no " + (key.equals("train-file") ? "trainConll" : "validConll")
                    + " was sent and no server-side file is configured (seqtag.training." + key + ")");
        }
        try {
            List<LabeledSentence> sentences = reader.read(file);
            if (sentences.isEmpty()) {
                throw new UnavailableCorpusException("the configured " + key + " " + file.getFileName() + " is empty");
            }
            return sentences;
        } catch (UncheckedIOException e) {
            throw new UnavailableCorpusException("the configured " + key + " " + file.getFileName()
                    + " cannot be read");
        } catch (ConllFormatException e) {
            throw new UnavailableCorpusException("the configured " + key + " " + file.getFileName()
                    + " is not valid CoNLL: " + e.getMessage());
        }
    }

    /** The request's data cannot be trained on; the message names the part and line. */
    public static class InvalidTrainingDataException extends IllegalArgumentException {
        public InvalidTrainingDataException(String message) {
            super(message);
        }
    }

    /** {@code initFrom} names a model that does not exist or cannot be read; the message names it. */
    public static class UnknownStartingModelException extends IllegalArgumentException {

        private final String setting;

        public UnknownStartingModelException(String message) {
            this("initFrom", message);
        }

        /** @param setting the plan key that named the model ({@code initFrom} or {@code teachers}) */
        public UnknownStartingModelException(String setting, String message) {
            super(message);
            this.setting = setting;
        }

        /** The plan key that named the model. */
        public String setting() {
            return setting;
        }
    }

    /** The server's own configured data or plan is missing or broken: not the client's fault. */
    public static class UnavailableCorpusException extends IllegalStateException {
        public UnavailableCorpusException(String message) {
            super(message);
        }
    }
}
