package com.seqtag.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.seqtag.retrain.RetrainOrders.InvalidTrainingDataException;
import com.seqtag.retrain.RetrainOrders.UnavailableCorpusException;
import com.seqtag.support.TinyModels;
import com.seqtag.training.TrainingPlan;
import com.seqtag.training.TrainingPlan.InvalidTrainingPlanException;
import com.seqtag.training.TrainingPlan.UnknownSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Turning a retrain request's parts into an order, or saying precisely what is wrong with them. */
class RetrainOrdersTest {

    /** Sentences in the fixtures (counted by hand: blank-line separated blocks). */
    private static final int TINY_TRAIN_SENTENCES = 60;
    private static final int TINY_VALID_SENTENCES = 20;
    private static final int CUSTOM_TYPES_SENTENCES = 20;

    private static final String TRAIN = TinyModels.fixtureText("tiny-train.conll");
    private static final String VALID = TinyModels.fixtureText("tiny-valid.conll");
    private static final String CUSTOM = TinyModels.fixtureText("custom-types.conll");

    /** No server-side corpus, validation set or plan: everything must come with the request. */
    private final RetrainOrders uploadsOnly = new RetrainOrders(null, null, null);

    @TempDir
    Path directory;

    @Test
    void aGoodUploadBecomesAnOrderWithItsDataSourcesAndOverrides() {
        Map<String, Object> overrides = Map.of("epochs", 2, "hiddenSize", 8);

        RetrainOrder order = uploadsOnly.prepare(overrides, TRAIN, false, VALID, true);

        assertThat(order.trainSet()).hasSize(TINY_TRAIN_SENTENCES);
        assertThat(order.validSet()).hasSize(TINY_VALID_SENTENCES);
        assertThat(order.trainSet().get(0).words()).containsExactly("Anna", "Berg", "visited", "Oslo", ".");
        assertThat(order.trainSet().get(0).labels()).containsExactly("B-PER", "I-PER", "O", "B-LOC", "O");
        assertThat(order.trainSource()).isEqualTo("upload");
        assertThat(order.validSource()).isEqualTo("upload");
        assertThat(order.overrides()).isEqualTo(overrides);
        assertThat(order.force()).isTrue();
        assertThat(order.entityTypes()).containsExactly("LOC", "MISC", "ORG", "PER");
        // The overrides are applied to the defaults, the rest of the defaults kept.
        assertThat(order.plan().training().epochs()).isEqualTo(2);
        assertThat(order.plan().model().hiddenSize()).isEqualTo(8);
        assertThat(order.plan().training().batchSize()).isEqualTo(TrainingPlan.defaults().training().batchSize());
        assertThat(order.plan().model().cell()).isEqualTo(TrainingPlan.defaults().model().cell());
    }

    @Test
    void theOrderKeepsItsOwnCopyOfTheOverrides() {
        Map<String, Object> overrides = new HashMap<>(Map.of("epochs", 2));

        RetrainOrder order = uploadsOnly.prepare(overrides, TRAIN, false, VALID, false);
        overrides.put("epochs", 7);

        assertThat(order.overrides()).containsExactly(Map.entry("epochs", 2));
        assertThat(order.force()).isFalse();
        assertThatThrownBy(() -> order.overrides().put("layers", 2)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aWholePlanWithInitFromNullIsAnOrderFromScratch() {
        // What a client sends when it posts a whole plan (TrainingPlan.asMap()) with no starting model.
        Map<String, Object> overrides = new HashMap<>(Map.of("epochs", 2));
        overrides.put("initFrom", null);

        RetrainOrder order = uploadsOnly.prepare(overrides, TRAIN, false, VALID, false);

        assertThat(order.startedFrom()).isNull();
        assertThat(order.plan().training().warmStart()).isFalse();
        assertThat(order.overrides()).containsExactly(Map.entry("epochs", 2));
    }

    @Test
    void customEntityTypesComeFromTheTrainingData() {
        RetrainOrder order = uploadsOnly.prepare(Map.of(), CUSTOM, false, CUSTOM, false);

        assertThat(order.trainSet()).hasSize(CUSTOM_TYPES_SENTENCES);
        assertThat(order.entityTypes()).containsExactly("EVENT", "PRODUCT");
    }

    @Test
    void validationDataMayHaveFewerTypesThanTheTrainingData() {
        String perOnly = "Anna B-PER\nBerg I-PER\nslept O\n";

        RetrainOrder order = uploadsOnly.prepare(Map.of(), TRAIN, false, perOnly, false);

        assertThat(order.validSet()).hasSize(1);
    }

    @Test
    void malformedTrainingDataIsRefusedNamingThePartAndLine() {
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of(), "Anna B-PER\nBerg I-PER extra\n", false, VALID, false))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageStartingWith("trainConll: line 2: ")
                .hasMessageContaining("expected 2 columns");
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of(), "Anna B-PER\n\nOslo X-LOC\n", false, VALID, false))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageStartingWith("trainConll: line 3: ")
                .hasMessageContaining("\"X-LOC\" is not IOB2");
    }

    @Test
    void malformedValidationDataIsRefusedNamingThePartAndLine() {
        String valid = "Eva B-PER\nLind I-PER\n\nDublin\n";

        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of(), TRAIN, false, valid, false))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageStartingWith("validConll: line 4: ")
                .hasMessageContaining("\"Dublin\"");
    }

    @Test
    void dataWithoutSentencesIsRefusedNamingThePart() {
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of(), "", false, VALID, false))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageStartingWith("trainConll: ")
                .hasMessageContaining("no sentences");
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of(), TRAIN, false, "-DOCSTART- O\n\n\n", false))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageStartingWith("validConll: ")
                .hasMessageContaining("no sentences");
    }

    @Test
    void validationTypesTheTrainingDataLacksAreRefusedNamingThem() {
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of(), TRAIN, false, CUSTOM, false))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageStartingWith("validConll has entity types the training data never has: EVENT, PRODUCT ")
                .hasMessageContaining("(training data types: LOC, MISC, ORG, PER)");

        String oneUnknown = "Eva B-PER\nLind I-PER\nat O\nCode B-EVENT\nWeek I-EVENT\n";
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of(), TRAIN, false, oneUnknown, false))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("never has: EVENT (")
                .hasMessageNotContaining("PER,");
    }

    @Test
    void validationTypesTheTrainingDataLacksAreRefusedForTheConfiguredValidationSetToo() throws IOException {
        Path valid = Files.writeString(directory.resolve("valid.conll"), CUSTOM);
        RetrainOrders orders = new RetrainOrders(null, valid, null);

        assertThatThrownBy(() -> orders.prepare(Map.of(), TRAIN, false, null, false))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageStartingWith("the configured valid-file has entity types the training data never has: "
                        + "EVENT, PRODUCT");
    }

    @Test
    void trainingDataWithoutEntitiesSaysItHasNone() {
        String noEntities = "nothing O\nhere O\n";

        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of(), noEntities, false, VALID, false))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("(training data types: none)");
    }

    @Test
    void anUnknownSettingIsTheTrainingPlansUnknownSettingException() {
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of("epohcs", 3), TRAIN, false, VALID, false))
                .isInstanceOf(UnknownSettingException.class)
                .hasMessageContaining("unknown setting \"epohcs\"")
                .hasMessageContaining("epochs");
    }

    @Test
    void anImpossibleValueIsAnInvalidPlanButNotAnUnknownSetting() {
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of("layers", 0), TRAIN, false, VALID, false))
                .isInstanceOf(InvalidTrainingPlanException.class)
                .isNotInstanceOf(UnknownSettingException.class)
                .hasMessageContaining("layers");
    }

    @Test
    void settingsAreCheckedBeforeTheData() {
        // Both the setting and the data are bad: the setting is reported.
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of("epohcs", 3), "broken", false, null, false))
                .isInstanceOf(UnknownSettingException.class);
    }

    @Test
    void withoutAnUploadOrAConfiguredCorpusTheRequestIsRefused() {
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of(), null, false, VALID, false))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("no trainConll was sent")
                .hasMessageContaining("seqtag.training.train-file");
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of(), TRAIN, false, null, false))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("no validConll was sent")
                .hasMessageContaining("seqtag.training.valid-file");
    }

    @Test
    void addToBaseWithoutAnUploadIsRefused() throws IOException {
        Path train = Files.writeString(directory.resolve("train.conll"), TRAIN);

        assertThatThrownBy(() -> new RetrainOrders(train, null, null).prepare(Map.of(), null, true, VALID, false))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageContaining("addToBase needs an uploaded trainConll");
    }

    @Test
    void addToBaseWhenNoServerSideCorpusIsConfiguredIsRefusedSayingSo() {
        // Nothing is broken on the server, the request asks for a corpus this server has not got:
        // the client's mistake (400), like asking for the configured corpus with no upload at all.
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of(), TRAIN, true, VALID, false))
                .isInstanceOf(InvalidTrainingDataException.class)
                .hasMessageStartingWith("addToBase needs a server-side corpus")
                .hasMessageContaining("none is configured (seqtag.training.train-file)")
                .hasMessageNotContaining("no trainConll was sent");
    }

    @Test
    void addToBaseWhenTheConfiguredCorpusIsMissingIsTheServersProblem() {
        Path missing = directory.resolve("gone.conll");

        assertThatThrownBy(() -> new RetrainOrders(missing, null, null).prepare(Map.of(), TRAIN, true, VALID, false))
                .isInstanceOf(UnavailableCorpusException.class)
                .hasMessageContaining("train-file gone.conll cannot be read");
    }

    @Test
    void aConfiguredCorpusThatIsNotCoNllIsTheServersProblem() throws IOException {
        Path broken = Files.writeString(directory.resolve("broken.conll"), "Anna B-PER\nBerg\n");

        assertThatThrownBy(() -> new RetrainOrders(broken, null, null).prepare(Map.of(), null, false, VALID, false))
                .isInstanceOf(UnavailableCorpusException.class)
                .hasMessageContaining("broken.conll is not valid CoNLL: line 2");
        Path empty = Files.writeString(directory.resolve("empty.conll"), "\n");
        assertThatThrownBy(() -> new RetrainOrders(null, empty, null).prepare(Map.of(), TRAIN, false, null, false))
                .isInstanceOf(UnavailableCorpusException.class)
                .hasMessageContaining("valid-file empty.conll");
    }

    @Test
    void addToBaseTrainsOnTheConfiguredCorpusPlusTheUpload() throws IOException {
        Path train = Files.writeString(directory.resolve("corpus.conll"), TRAIN);
        Path valid = Files.writeString(directory.resolve("dev.conll"), VALID);
        String upload = "Mira B-PER\nSolt I-PER\nflew O\nhome O\n";

        RetrainOrder order = new RetrainOrders(train, valid, null).prepare(Map.of(), upload, true, null, false);

        assertThat(order.trainSet()).hasSize(TINY_TRAIN_SENTENCES + 1);
        assertThat(order.trainSet().get(TINY_TRAIN_SENTENCES).words()).containsExactly("Mira", "Solt", "flew", "home");
        assertThat(order.trainSource()).isEqualTo("configured corpus corpus.conll + upload");
        assertThat(order.validSet()).hasSize(TINY_VALID_SENTENCES);
        assertThat(order.validSource()).isEqualTo("configured validation set dev.conll");
    }

    @Test
    void withoutUploadsTheConfiguredFilesAreUsed() throws IOException {
        Path train = Files.writeString(directory.resolve("corpus.conll"), TRAIN);
        Path valid = Files.writeString(directory.resolve("dev.conll"), VALID);

        RetrainOrder order = new RetrainOrders(train, valid, null).prepare(Map.of(), null, false, null, false);

        assertThat(order.trainSet()).hasSize(TINY_TRAIN_SENTENCES);
        assertThat(order.trainSource()).isEqualTo("configured corpus corpus.conll");
        assertThat(order.validSource()).isEqualTo("configured validation set dev.conll");
        assertThat(order.overrides()).isEmpty();
    }

    @Test
    void overridesApplyToTheConfiguredPlan() throws IOException {
        Path plan = directory.resolve("plan.json");
        Map<String, Object> tiny = new LinkedHashMap<>(new TrainingPlan(TinyModels.CONFIG, TinyModels.TRAINING).asMap());
        new ObjectMapper().writeValue(plan.toFile(), tiny);

        RetrainOrder order = new RetrainOrders(null, null, plan).prepare(Map.of("epochs", 3), TRAIN, false, VALID, false);

        assertThat(order.plan().model()).isEqualTo(TinyModels.CONFIG);
        assertThat(order.plan().training().epochs()).isEqualTo(3);
        assertThat(order.plan().training().batchSize()).isEqualTo(TinyModels.TRAINING.batchSize());
        assertThat(order.overrides()).containsExactly(Map.entry("epochs", 3));
    }

    @Test
    void anUnreadableConfiguredPlanIsTheServersProblem() throws IOException {
        Path plan = Files.writeString(directory.resolve("plan.json"), "{\"epochs\": ");

        assertThatThrownBy(() -> new RetrainOrders(null, null, plan).prepare(Map.of(), TRAIN, false, VALID, false))
                .isInstanceOf(UnavailableCorpusException.class)
                .hasMessageStartingWith("the configured training plan plan.json cannot be read");
        Path missing = directory.resolve("no-plan.json");
        assertThatThrownBy(() -> new RetrainOrders(null, null, missing).prepare(Map.of(), TRAIN, false, VALID, false))
                .isInstanceOf(UnavailableCorpusException.class)
                .hasMessageContaining("no-plan.json");
    }

    @Test
    void anOrderNeedsDataOnBothSides() {
        RetrainOrder good = uploadsOnly.prepare(Map.of(), TRAIN, false, VALID, false);

        assertThatThrownBy(() -> new RetrainOrder(good.plan(), Map.of(), List.of(), good.validSet(), "upload",
                "upload", false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> new RetrainOrder(good.plan(), Map.of(), good.trainSet(), List.of(), "upload",
                "upload", false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retrainRequestsTakeTheSamePlanKeys() {
        RetrainOrders orders = new RetrainOrders(null, null, null);
        String train = TinyModels.fixtureText("tiny-train.conll");
        String valid = TinyModels.fixtureText("tiny-valid.conll");

        RetrainOrder order = orders.prepare(Map.of("wordDropout", 0.5, "minWordCount", 1, "caseAugmentation", 0.2),
                train, false, valid, false);
        assertThat(order.plan().training().wordDropout()).isEqualTo(0.5);
        assertThat(order.plan().training().caseAugmentation()).isEqualTo(0.2);
        assertThatThrownBy(() -> orders.prepare(Map.of("caseAugmentation", 2), train, false, valid, false))
                .isInstanceOf(TrainingPlan.InvalidTrainingPlanException.class)
                .hasMessageContaining("caseAugmentation");
        assertThatThrownBy(() -> orders.prepare(Map.of("wordDropout", 0.5), train, false, valid, false))
                .isInstanceOf(TrainingPlan.InvalidTrainingPlanException.class)
                .hasMessageContaining("wordDropout needs minWordCount 1");
    }

    @Test
    void initFromActiveResolvesTheVersionAndTheModelsShapeReplacesThePlans() {
        var registry = TinyModels.registry();
        RetrainOrders orders = new RetrainOrders(null, null, null, registry);
        String active = registry.active().version();

        RetrainOrder order = orders.prepare(Map.of("initFrom", "active", "epochs", 2, "freezeEpochs", 1),
                TinyModels.fixtureText("new-type-train.conll"), false, TinyModels.fixtureText("new-type-valid.conll"),
                false);

        assertThat(order.startedFrom()).isEqualTo(active);
        assertThat(order.plan().training().initFrom()).isEqualTo("active");
        assertThat(order.plan().training().freezeEpochs()).isEqualTo(1);
        // The defaults' shape (200 units, GloVe, CRF) gives way to the tiny model's.
        assertThat(order.plan().model().hiddenSize()).isEqualTo(TinyModels.CONFIG.hiddenSize());
        assertThat(order.plan().model().pretrainedVectors()).isFalse();
        assertThat(order.plan().model().charFilters()).isEqualTo(TinyModels.CONFIG.charFilters());
        assertThat(order.entityTypes()).contains("TEAM", "PER");
        // A version named explicitly, and the plan without initFrom trains from scratch.
        assertThat(orders.prepare(Map.of("initFrom", active), TRAIN, false, VALID, false).startedFrom()).isEqualTo(active);
        assertThat(orders.prepare(Map.of(), TRAIN, false, VALID, false).startedFrom()).isNull();
    }

    @Test
    void addToBaseWithInitFromTrainsTheCorpusPlusTheUploadFromTheActiveModel() throws IOException {
        Path train = Files.writeString(directory.resolve("train.conll"), TRAIN);
        var registry = TinyModels.registry();
        RetrainOrder order = new RetrainOrders(train, null, null, registry).prepare(Map.of("initFrom", "active"),
                TinyModels.fixtureText("new-type-train.conll"), true, TinyModels.fixtureText("new-type-valid.conll"),
                false);

        assertThat(order.trainSource()).isEqualTo("configured corpus train.conll + upload");
        assertThat(order.trainSet()).hasSize(TINY_TRAIN_SENTENCES + 12);
        // The corpus keeps the old types in the label set, the upload adds the new one.
        assertThat(order.entityTypes()).containsExactly("LOC", "MISC", "ORG", "PER", "TEAM");
        assertThat(order.startedFrom()).isEqualTo(registry.active().version());
    }

    @Test
    void anUnknownStartingModelOrAShapeThatDiffersIsRefusedNamingIt() {
        RetrainOrders orders = new RetrainOrders(null, null, null, TinyModels.registry());

        assertThatThrownBy(() -> orders.prepare(Map.of("initFrom", "ner-19990101-000000-nosuchv"), TRAIN, false, VALID,
                false))
                .isInstanceOf(RetrainOrders.UnknownStartingModelException.class)
                .hasMessageContaining("initFrom: no model version \"ner-19990101-000000-nosuchv\"");
        assertThatThrownBy(() -> orders.prepare(Map.of("initFrom", "active", "hiddenSize", 32), TRAIN, false, VALID,
                false))
                .isInstanceOf(com.seqtag.training.WarmStart.IncompatibleStartException.class)
                .hasMessageContaining("\"hiddenSize\" is 32 but the starting model");
        assertThatThrownBy(() -> orders.prepare(Map.of("initFrom", ""), TRAIN, false, VALID, false))
                .isInstanceOf(InvalidTrainingPlanException.class)
                .hasMessageContaining("initFrom must name a model");
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of("initFrom", "active"), TRAIN, false, VALID, false))
                .isInstanceOf(RetrainOrders.UnknownStartingModelException.class);
    }

    @Test
    void teachersAreResolvedToVersionsAndMustExistAndKnowTheTrainingTypes() {
        var registry = TinyModels.registry();
        RetrainOrders orders = new RetrainOrders(null, null, null, registry);
        String active = registry.active().version();

        RetrainOrder order = orders.prepare(Map.of("teachers", List.of("active"), "distillationWeight", 0.7), TRAIN,
                false, VALID, false);
        assertThat(order.plan().training().teachers()).containsExactly(active);
        assertThat(order.plan().training().distillationWeight()).isEqualTo(0.7);

        assertThatThrownBy(() -> orders.prepare(Map.of("teachers", List.of(active, "ner-19990101-000000-nosuchv")),
                TRAIN, false, VALID, false))
                .isInstanceOf(RetrainOrders.UnknownStartingModelException.class)
                .hasMessageContaining("teachers: no model version \"ner-19990101-000000-nosuchv\"");
        assertThatThrownBy(() -> orders.prepare(Map.of("teachers", List.of("active")),
                TinyModels.fixtureText("new-type-train.conll"), false, TinyModels.fixtureText("new-type-valid.conll"),
                false))
                .isInstanceOf(RetrainOrders.InvalidTrainingDataException.class)
                .hasMessageContaining("a teacher must know exactly the training data's types");
        assertThatThrownBy(() -> uploadsOnly.prepare(Map.of("teachers", List.of("active")), TRAIN, false, VALID, false))
                .isInstanceOf(RetrainOrders.UnknownStartingModelException.class)
                .hasMessageContaining("teachers: this service does not train from existing models");
    }
}
