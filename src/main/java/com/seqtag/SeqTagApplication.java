package com.seqtag;

import com.seqtag.cli.SeqTagCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the SeqTag HTTP service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SeqTagApplication {

    public static void main(String[] args) {
        if (SeqTagCommand.isCommand(args)) {
            System.exit(SeqTagCommand.run(args));
        }
        SpringApplication.run(SeqTagApplication.class, args);
    }
}
