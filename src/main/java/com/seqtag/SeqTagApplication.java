package com.seqtag;

import com.seqtag.cli.SeqTagCommand;
import com.seqtag.model.BlasKernels;
import org.nd4j.linalg.factory.Nd4j;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the SeqTag HTTP service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SeqTagApplication {

    public static void main(String[] args) {
        // Before anything loads OpenBLAS (ND4J does, for the service and every command).
        BlasKernels.select();
        if (SeqTagCommand.isCommand(args)) {
            System.exit(SeqTagCommand.run(args));
        }
        startNativeWarmUp();
        SpringApplication.run(SeqTagApplication.class, args);
    }

    /**
     * Loads ND4J's native backend on a second thread while Spring starts on the main one. Loading
     * the backend takes about as long as starting the context (5 s here), and the start-up model
     * cannot load before it, so overlapping the two takes that much off start-to-ready. Whoever
     * touches ND4J first simply waits for the class initialisation this thread began.
     */
    private static void startNativeWarmUp() {
        Thread warmUp = new Thread(() -> {
            try {
                Nd4j.getBackend();
            } catch (RuntimeException | LinkageError e) {
                // The model loader touches ND4J again and reports the failure where it matters.
            }
        }, "native-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }
}
