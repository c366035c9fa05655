package com.seqtag.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Defaults, normalization and the messages of refused S3 settings (each names its key). */
class S3SettingsTest {

    @Test
    void defaultsForAnS3CompatibleServer() {
        S3Settings settings = S3Settings.of("models", null, "http://127.0.0.1:9000", "", true, null);
        assertThat(settings.prefix()).isEqualTo("seqtag/");
        assertThat(settings.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings.checksumMode()).isEqualTo(S3Settings.ChecksumMode.WHEN_REQUIRED);
        assertThat(settings.endpointDescription()).isEqualTo("http://127.0.0.1:9000");
    }

    @Test
    void awsLeavesTheRegionToTheSdkWhenNoneIsGiven() {
        S3Settings settings = S3Settings.of("models", "team/ner", "", null, false, "when-supported");
        assertThat(settings.endpoint()).isNull();
        assertThat(settings.region()).isNull();
        assertThat(settings.endpointDescription()).isEqualTo("AWS");
        assertThat(settings.checksumMode()).isEqualTo(S3Settings.ChecksumMode.WHEN_SUPPORTED);
        assertThat(S3Settings.of("models", null, null, "eu-west-1", false, null).region()).isEqualTo("eu-west-1");
    }

    @Test
    void thePrefixEndsWithOneSlashAndNeverStartsWithOne() {
        assertThat(S3Settings.of("models", "team/ner", null, null, false, null).prefix()).isEqualTo("team/ner/");
        assertThat(S3Settings.of("models", "/team/", null, null, false, null).prefix()).isEqualTo("team/");
        assertThat(S3Settings.of("models", "", null, null, false, null).prefix()).isEmpty();
    }

    @Test
    void everyRefusalNamesItsKey() {
        assertThatThrownBy(() -> S3Settings.of(" ", null, null, null, false, null))
                .hasMessageStartingWith("seqtag.store.s3.bucket");
        assertThatThrownBy(() -> S3Settings.of("a/b", null, null, null, false, null))
                .hasMessageStartingWith("seqtag.store.s3.bucket");
        assertThatThrownBy(() -> S3Settings.of("models", "a/../b", null, null, false, null))
                .hasMessageStartingWith("seqtag.store.s3.prefix");
        assertThatThrownBy(() -> S3Settings.of("models", null, "127.0.0.1:9000", null, false, null))
                .hasMessageStartingWith("seqtag.store.s3.endpoint");
        assertThatThrownBy(() -> S3Settings.of("models", null, "ftp://host", null, false, null))
                .hasMessageStartingWith("seqtag.store.s3.endpoint");
        assertThatThrownBy(() -> S3Settings.of("models", null, null, "eu west", false, null))
                .hasMessageStartingWith("seqtag.store.s3.region");
        assertThatThrownBy(() -> S3Settings.of("models", null, null, null, false, "always"))
                .hasMessageStartingWith("seqtag.store.s3.checksum-mode");
    }

    @Test
    void anEndpointWithCredentialsIsRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> S3Settings.of("models", null, "http://key:secret@127.0.0.1:9000", null, true, null))
                .hasMessageStartingWith("seqtag.store.s3.endpoint")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> S3Settings.of("models", null, "http://key:se cret@127.0.0.1:9000", null, true, null))
                .hasMessageStartingWith("seqtag.store.s3.endpoint")
                .hasMessageNotContaining("cret");
    }
}
