package com.seqtag.training;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes a training curve (loss and valid F1 per epoch) as CSV and as a PNG chart. */
public final class TrainingCurve {

    /** Header of the CSV file. */
    public static final String CSV_HEADER = "epoch,train_loss,valid_f1,valid_precision,valid_recall,seconds,rss_mb";

    private TrainingCurve() {
    }

    /** One CSV line for an epoch. */
    public static String csvLine(EpochResult result) {
        return String.format(Locale.ROOT, "%d,%.6f,%.4f,%.4f,%.4f,%.1f,%d", result.epoch(), result.trainLoss(),
                result.validF1(), result.validPrecision(), result.validRecall(), result.seconds(), result.residentMb());
    }

    /** Writes the whole curve as CSV. */
    public static void writeCsv(List<EpochResult> curve, Path file) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println(CSV_HEADER);
            curve.forEach(result -> out.println(csvLine(result)));
        }
    }

    /** Draws loss (left axis) and valid F1 (right axis) per epoch into a PNG file. */
    public static void writePng(List<EpochResult> curve, String title, Path file) throws IOException {
        if (curve.isEmpty()) {
            throw new IllegalArgumentException("an empty curve has nothing to draw");
        }
        XYChart chart = new XYChartBuilder().width(800).height(450).title(title)
                .xAxisTitle("epoch").yAxisTitle("train loss per token").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.setYAxisGroupTitle(1, "valid entity F1 (%)");
        double[] epochs = curve.stream().mapToDouble(EpochResult::epoch).toArray();
        XYSeries loss = chart.addSeries("train loss", epochs, curve.stream().mapToDouble(EpochResult::trainLoss).toArray());
        loss.setMarker(SeriesMarkers.CIRCLE);
        XYSeries f1 = chart.addSeries("valid F1", epochs, curve.stream().mapToDouble(EpochResult::validF1).toArray());
        f1.setMarker(SeriesMarkers.DIAMOND);
        f1.setYAxisGroup(1);
        String name = file.toString();
        String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
    }
}
