package com.seqtag.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and description Swagger UI shows above the endpoints. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    OpenAPI seqtagOpenApi() {
        return new OpenAPI().info(new Info()
                .title("SeqTag named-entity recognition")
                .version("0.1")
                .description("""
                        Tags text with named entities using a bidirectional LSTM. `POST /tag` returns every \
                        token with its IOB2 label (B-PER, I-ORG, O, ...), the label's probability, character \
                        offsets (UTF-16 code units) and whether the word was unknown to the model (UNK), plus \
                        the entity spans. The bundled model knows PER, ORG, LOC and MISC (CoNLL-2003)."""));
    }
}
