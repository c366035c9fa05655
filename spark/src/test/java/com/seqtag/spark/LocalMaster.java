package com.seqtag.spark;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For a test class whose jobs run in the test JVM: they get {@code local[2]} without a web UI, as
 * after spark-submit's {@code --master}, for the class's duration ({@code @ExtendWith(LocalMaster.class)}).
 */
public final class LocalMaster implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.ui.enabled", "false");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.clearProperty("spark.master");
        System.clearProperty("spark.ui.enabled");
    }
}
