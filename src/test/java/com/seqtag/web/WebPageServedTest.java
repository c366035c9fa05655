package com.seqtag.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.support.ServiceTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The web page's files are served from the jar with the right types; no browser needed. */
class WebPageServedTest extends ServiceTestBase {

    @Test
    void rootServesTheTaggingPageWithItsLinks() {
        HttpResponse<String> page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body())
                .contains("<textarea id=\"text\"", "<button id=\"tag\"", "js/tag.js", "css/seqtag.css")
                .contains("href=\"swagger-ui.html\"", "href=\"v3/api-docs\"", "href=\"admin.html\"");
        // A shared link is the same page; the script reads ?text= itself.
        HttpResponse<String> shared = http.get("/?text=Anna%20Berg%20visited%20Oslo.");
        assertThat(shared.statusCode()).isEqualTo(200);
        assertThat(shared.body()).isEqualTo(page.body());
    }

    @ParameterizedTest
    @CsvSource({
        "/index.html, text/html",
        "/admin.html, text/html",
        "/css/seqtag.css, text/css",
        "/js/api.js, text/javascript",
        "/js/tag.js, text/javascript",
        "/js/admin.js, text/javascript",
        "/favicon.svg, image/svg+xml"})
    void assetsAreServedWithTheirContentTypes(String path, String type) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).as(path)
                .hasValueSatisfying(value -> assertThat(value).startsWith(type));
        assertThat(response.body()).isNotBlank();
    }

    @Test
    void theLinkedDocumentationExists() {
        assertThat(http.get("/swagger-ui.html").statusCode()).isIn(200, 302);
        assertThat(http.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
        HttpResponse<String> apiDocs = http.get("/v3/api-docs");
        assertThat(apiDocs.statusCode()).isEqualTo(200);
        assertThat(apiDocs.body()).contains("\"/tag\"");
    }

    @Test
    void anUnknownAssetIsAProblemNotAPage() {
        HttpResponse<String> missing = http.get("/js/nothing-here.js");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    /** The pages build every piece of user or API text with DOM calls; markup from strings is banned. */
    @ParameterizedTest
    @CsvSource({"js/api.js", "js/tag.js", "js/admin.js"})
    void scriptsNeverParseStringsAsHtml(String script) throws IOException {
        String source;
        try (InputStream in = getClass().getResourceAsStream("/static/" + script)) {
            assertThat(in).as(script).isNotNull();
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(source).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
    }

    @Test
    void theAdminTokenIsNeverStoredByThePage() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/static/js/admin.js")) {
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(source).doesNotContain("localStorage.", "sessionStorage.", "document.cookie", "indexedDB");
        }
    }
}
