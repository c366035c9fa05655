package com.seqtag.spark;

import com.seqtag.data.ConllReader;
import com.seqtag.data.LabeledSentence;
import com.seqtag.model.BlasKernels;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.ModelConfig;
import com.seqtag.model.PretrainedEmbeddings;
import com.seqtag.spark.training.SparkEpochFitter;
import com.seqtag.store.ModelManifest;
import com.seqtag.training.EpochResult;
import com.seqtag.training.Trainer;
import com.seqtag.training.TrainingConfig;
import com.seqtag.training.TrainingCurve;
import com.seqtag.training.TrainingListener;
import com.seqtag.training.TrainingPlan;
import com.seqtag.training.TrainingResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Distributed training: {@code spark-submit --class com.seqtag.spark.TrainOnSpark seqtag-spark.jar
 * --train T --valid V --out M [--config plan.yml]}. The same {@link Trainer} and training plan as
 * {@code seqtag train} and the retrain API, with each epoch's updates run data-parallel on the
 * cluster; the result is an ordinary {@code .seqtag} artifact.
 */
@Command(name = "TrainOnSpark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a SeqTag model on a Spark cluster with DL4J's parameter averaging and writes a .seqtag"
                + " artifact that the service, evaluate and the retrain gate take as they take any other.")
public final class TrainOnSpark implements Callable<Integer> {

    @Option(names = "--train", required = true, description = "CoNLL training file (on the driver's file system, or any"
            + " path Spark reads: hdfs://, s3a://, ...).")
    String trainFile;

    @Option(names = "--valid", required = true, description = "CoNLL validation file, for model selection (as --train).")
    String validFile;

    @Option(names = "--out", required = true, description = "Where to write the model artifact (.seqtag), on the driver.")
    Path out;

    @Option(names = "--config", description = "A training plan (JSON or YAML, the keys of `seqtag train --config` and"
            + " the retrain API); the defaults otherwise.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one plan setting, e.g. --set epochs=3"
            + " (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--workers", description = "Model copies trained in parallel (default: Spark's default parallelism,"
            + " i.e. the executors' cores).")
    Integer workers;

    @Option(names = "--averaging-frequency", description = "Minibatches each worker fits between two averagings of the"
            + " weights (default: ${DEFAULT-VALUE}).")
    int averagingFrequency = 5;

    /** Runs the job with Spark's master from spark-submit (or spark.master). */
    public static void main(String[] args) {
        BlasKernels.select();
        int code = JobCommandLine.run(new TrainOnSpark(), args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        TrainingPlan plan = (configFile != null ? TrainingPlan.read(configFile) : TrainingPlan.defaults())
                .withOverrides(settings);
        ModelConfig config = plan.model();
        TrainingConfig training = plan.training();
        if (training.warmStart()) {
            throw new IllegalArgumentException("initFrom (a warm start) is not supported on Spark yet: train with"
                    + " `seqtag train --init-from` or the retrain API");
        }
        if (training.distills()) {
            throw new IllegalArgumentException("teachers (distillation) are not supported on Spark yet: train with"
                    + " `seqtag train --teachers` or the retrain API");
        }
        SparkSession spark = SparkSession.builder().appName("SeqTag TrainOnSpark").getOrCreate();
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            ConllReader reader = new ConllReader();
            List<LabeledSentence> trainSet = reader.parse(readWhole(spark, trainFile));
            List<LabeledSentence> validSet = reader.parse(readWhole(spark, validFile));
            int parallel = workers != null ? workers : context.defaultParallelism();
            System.err.printf(Locale.ROOT, "TrainOnSpark: %d training and %d validation sentences, %d workers,"
                    + " averaging every %d minibatches, master %s%n", trainSet.size(), validSet.size(), parallel,
                    averagingFrequency, context.master());
            PretrainedEmbeddings embeddings = config.pretrainedVectors()
                    ? EmbeddingStore.withBundled().defaultEmbeddings() : null;
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("trainFile", Path.of(trainFile).getFileName().toString());
            description.put("validFile", Path.of(validFile).getFileName().toString());
            description.put("trainedOn", Map.of("spark", context.master(), "workers", parallel,
                    "averagingFrequency", averagingFrequency, "trainingMaster", "parameter averaging"));
            SparkEpochFitter fitter = new SparkEpochFitter(context, parallel, averagingFrequency, training.batchSize(),
                    training.seed());
            TrainingResult result = new Trainer(embeddings, new EpochLog(), () -> false, fitter)
                    .train(config, training, trainSet, validSet, description);
            ModelManifest written = result.artifact().write(out);
            TrainingCurve.writeCsv(result.curve(), Path.of(out + ".curve.csv"));
            System.err.printf(Locale.ROOT, "TrainOnSpark: best epoch %d, valid F1 %.2f; wrote %s (%s)%n",
                    written.metrics().bestEpoch(), written.metrics().validF1(), out, written.version());
            System.out.println(result.validation().format());
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** A text file's whole content, through Spark so any path it reads works; one partition keeps the line order. */
    private static String readWhole(SparkSession spark, String path) {
        List<String> lines = spark.read().text(path).coalesce(1).toJavaRDD().map(row -> row.getString(0)).collect();
        return String.join("\n", lines) + "\n";
    }

    /** One line per epoch on standard error. */
    private static final class EpochLog implements TrainingListener {
        @Override
        public void onEpoch(EpochResult result) {
            System.err.printf(Locale.ROOT, "TrainOnSpark: epoch %d: loss %.4f, valid F1 %.2f, %.1f s%n",
                    result.epoch(), result.trainLoss(), result.validF1(), result.seconds());
        }
    }
}
