package com.seqtag;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package structure as executable rules (docs/architecture.md draws the same picture): each
 * rule fails the build, naming the offending class and dependency, when a change crosses it.
 */
@AnalyzeClasses(packages = "com.seqtag", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** HTTP, servlet and OpenAPI types: only the API's packages may touch them. */
    private static final String[] HTTP_TYPES = {
        "org.springframework.web..", "org.springframework.http..", "org.springframework.boot.web..",
        "jakarta.servlet..", "org.apache.catalina..", "org.apache.tomcat..", "org.springdoc..", "io.swagger.."};

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("com.seqtag.(*)..")
            .should().beFreeOfCycles()
            .because("a package cycle makes two capabilities one, and neither can be read or changed alone");

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Entry points").definedBy("com.seqtag", "com.seqtag.api..", "com.seqtag.cli..")
            .layer("Wiring").definedBy("com.seqtag.config..")
            .layer("Monitoring").definedBy("com.seqtag.monitoring..")
            .layer("Retrain jobs").definedBy("com.seqtag.retrain..")
            .layer("Inference").definedBy("com.seqtag.inference..")
            .layer("Registry").definedBy("com.seqtag.registry..")
            .layer("Training").definedBy("com.seqtag.training..")
            .layer("Store").definedBy("com.seqtag.store..")
            .layer("Model").definedBy("com.seqtag.model..")
            .layer("Decoding").definedBy("com.seqtag.decoding..")
            .layer("Text and data").definedBy("com.seqtag.text..", "com.seqtag.data..")
            .whereLayer("Entry points").mayNotBeAccessedByAnyLayer()
            .whereLayer("Wiring").mayOnlyBeAccessedByLayers("Entry points")
            .whereLayer("Monitoring").mayOnlyBeAccessedByLayers("Wiring")
            .whereLayer("Retrain jobs").mayOnlyBeAccessedByLayers("Entry points", "Wiring", "Monitoring")
            .whereLayer("Inference").mayOnlyBeAccessedByLayers("Entry points", "Wiring", "Monitoring")
            .whereLayer("Registry").mayOnlyBeAccessedByLayers("Entry points", "Wiring", "Monitoring",
                    "Retrain jobs", "Inference")
            .whereLayer("Training").mayOnlyBeAccessedByLayers("Entry points", "Retrain jobs")
            .whereLayer("Store").mayOnlyBeAccessedByLayers("Entry points", "Wiring", "Retrain jobs", "Registry",
                    "Training")
            .whereLayer("Model").mayOnlyBeAccessedByLayers("Entry points", "Wiring", "Retrain jobs", "Inference",
                    "Registry", "Training", "Store")
            .whereLayer("Decoding").mayOnlyBeAccessedByLayers("Entry points", "Inference", "Training", "Model");

    @ArchTest
    static final ArchRule textAndDataDependOnNothingOfOurs = classes()
            .that().resideInAnyPackage("com.seqtag.text..", "com.seqtag.data..")
            .should().onlyDependOnClassesThat(not(resideInAPackage("com.seqtag.."))
                    .or(resideInAnyPackage("com.seqtag.text..", "com.seqtag.data..")))
            .because("they are the foundation everything else reads text and labels through");

    @ArchTest
    static final ArchRule onlyTheApiKnowsHttp = noClasses()
            .that().resideOutsideOfPackage("com.seqtag.api..")
            .should().dependOnClassesThat().resideInAnyPackage(HTTP_TYPES)
            .because("below the API, classes are plain Java that a CLI or a Spark job can use as they are");

    @ArchTest
    static final ArchRule theModelKnowsNothingOfHttpJobsOrMetrics = noClasses()
            .that().resideInAPackage("com.seqtag.model..")
            .should().dependOnClassesThat().resideInAnyPackage("com.seqtag.api..", "com.seqtag.retrain..",
                    "com.seqtag.monitoring..", "com.seqtag.config..", "io.micrometer..", "org.springframework..")
            .because("the network is computation only; serving, jobs and metrics are built around it");

    @ArchTest
    static final ArchRule storageDoesNotDecideWhatServes = noClasses()
            .that().resideInAPackage("com.seqtag.store..")
            .should().dependOnClassesThat().resideInAnyPackage("com.seqtag.registry..", "com.seqtag.retrain..",
                    "com.seqtag.inference..")
            .because("the store keeps versions; which one is active is the registry's decision");

    @ArchTest
    static final ArchRule theHttpEdgeDoesNotReachIntoControllers = noClasses()
            .that().resideInAPackage("com.seqtag.api.edge..")
            .should().dependOnClassesThat().resideInAPackage("com.seqtag.api")
            .because("controllers use the edge (errors, limits), never the other way round");

    @ArchTest
    static final ArchRule onlyMetricsKnowMicrometer = noClasses()
            .that().resideOutsideOfPackages("com.seqtag.monitoring..", "com.seqtag.config..")
            .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
            .because("the other packages report through plain listener interfaces");
}
