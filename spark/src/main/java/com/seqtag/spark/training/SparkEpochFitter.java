package com.seqtag.spark.training;

import com.seqtag.data.LabeledSentence;
import com.seqtag.training.EpochFitter;
import com.seqtag.training.TrainingBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Fits an epoch data-parallel with DL4J's parameter averaging: each round, every worker fits
 * {@code averagingFrequency} minibatches on its own copy of the network, then the driver averages
 * the weights and the Adam state, and the next round starts from the average. The driver encodes
 * the minibatches (so word dropout draws as it does in one process) and keeps the network, which
 * {@link com.seqtag.training.Trainer} validates after the epoch as usual.
 */
public final class SparkEpochFitter implements EpochFitter {

    private final JavaSparkContext context;
    private final int workers;
    private final int averagingFrequency;
    private final int batchSize;
    private final Random topUp;

    /**
     * @param workers            parallel model copies (normally the executors' total cores)
     * @param averagingFrequency minibatches each worker fits between two averagings
     * @param batchSize          sentences per minibatch, the plan's {@code batchSize}
     * @param seed               for the sentences that fill the epoch's last, short minibatch
     */
    public SparkEpochFitter(JavaSparkContext context, int workers, int averagingFrequency, int batchSize, long seed) {
        if (workers < 1 || averagingFrequency < 1 || batchSize < 1) {
            throw new IllegalArgumentException("workers, averaging frequency and batch size must be at least 1");
        }
        this.context = context;
        this.workers = workers;
        this.averagingFrequency = averagingFrequency;
        this.batchSize = batchSize;
        this.topUp = new Random(seed);
    }

    @Override
    public void fit(ComputationGraph network, List<TrainingBatches.Batch> batches, Progress progress) {
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                // Direct: the minibatches go to the workers as they are; the default (export) writes them to
                // files first, which only pays off for data sets too large for the executors' memory.
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .build();
        // DL4J keeps this very network and writes each round's averaged weights and Adam state into it.
        SparkComputationGraph spark = new SparkComputationGraph(context, network, master);
        List<TrainingBatches.Batch> full = fullSized(batches);
        int perRound = workers * averagingFrequency;
        for (int from = 0; from < full.size(); from += perRound) {
            if (progress.cancelled()) {
                return;
            }
            List<TrainingBatches.Batch> round = full.subList(from, Math.min(full.size(), from + perRound));
            List<TrainingBatches.Encoded> encoded = new ArrayList<>(round.size());
            List<MultiDataSet> data = new ArrayList<>(round.size());
            long tokens = 0;
            for (TrainingBatches.Batch batch : round) {
                TrainingBatches.Encoded one = batch.encode();
                encoded.add(one);
                data.add(one.data());
                tokens += batch.tokens();
            }
            JavaRDD<MultiDataSet> rdd = context.parallelize(data, Math.min(workers, data.size()));
            spark.fitMultiDataSet(rdd);
            encoded.forEach(TrainingBatches.Encoded::close);
            // DL4J's score: summed per-token loss over a worker's minibatch, divided by its sentences.
            double lossPerToken = spark.getScore() * batchSize * round.size() / tokens;
            int steps = (round.size() + workers - 1) / workers;
            progress.fitted(steps, lossPerToken, tokens);
        }
    }

    /**
     * The epoch's minibatches, every one {@code batchSize} sentences: DL4J's workers re-batch what
     * they are given to that size, so a short batch would shift every batch after it. The last
     * (short) one is topped up with sentences drawn from the rest of the epoch.
     */
    private List<TrainingBatches.Batch> fullSized(List<TrainingBatches.Batch> batches) {
        List<TrainingBatches.Batch> full = new ArrayList<>(batches.size());
        List<TrainingBatches.Batch> partial = new ArrayList<>();
        for (TrainingBatches.Batch batch : batches) {
            (batch.size() == batchSize ? full : partial).add(batch);
        }
        List<LabeledSentence> pool = new ArrayList<>();
        full.forEach(batch -> pool.addAll(batch.sentences()));
        for (TrainingBatches.Batch batch : partial) {
            List<LabeledSentence> extra = new ArrayList<>();
            List<LabeledSentence> source = pool.isEmpty() ? batch.sentences() : pool;
            while (batch.size() + extra.size() < batchSize) {
                extra.add(source.get(topUp.nextInt(source.size())));
            }
            full.add(batch.with(extra));
        }
        return full;
    }
}
