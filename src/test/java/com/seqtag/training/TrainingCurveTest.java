package com.seqtag.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurveTest {

    private final List<EpochResult> curve = List.of(
            new EpochResult(1, 0.22, 88.5, 89.1, 87.8, 195, 1900),
            new EpochResult(2, 0.09, 91.4, 92.4, 90.4, 201, 2100));

    @Test
    void writesCsvWithOneLinePerEpoch(@TempDir Path directory) throws IOException {
        Path csv = directory.resolve("curve.csv");
        TrainingCurve.writeCsv(curve, csv);
        assertThat(Files.readAllLines(csv)).containsExactly(TrainingCurve.CSV_HEADER,
                "1,0.220000,88.5000,89.1000,87.8000,195.0,1900",
                "2,0.090000,91.4000,92.4000,90.4000,201.0,2100");
    }

    @Test
    void drawsAPng(@TempDir Path directory) throws IOException {
        Path png = directory.resolve("curve.png");
        TrainingCurve.writePng(curve, "test", png);
        var image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(450);
    }

    @Test
    void refusesAnEmptyCurve(@TempDir Path directory) {
        assertThatThrownBy(() -> TrainingCurve.writePng(List.of(), "x", directory.resolve("c.png")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
