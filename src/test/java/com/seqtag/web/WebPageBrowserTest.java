package com.seqtag.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.support.Browser;
import com.seqtag.support.ServiceTestBase;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The tagging page in a real headless Chromium against the service on a random port, serving the
 * tiny test model (trained on {@code fixtures/tiny-train.conll}: PER, ORG, LOC, MISC).
 */
class WebPageBrowserTest extends ServiceTestBase {

    private static final String SENTENCE = "Anna Berg visited Oslo on Friday.\nAcme Corp hired Tom Lund in Paris . "
            + "German officials met Danish traders in Quorvik .";

    private static Browser browser;


    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void freshPage() {
        // Per test rather than in @BeforeAll, so a machine without Chromium reports each test as skipped.
        Browser.assumeAvailable();
        if (browser == null) {
            browser = Browser.start(Browser.DESKTOP);
        }
        browser.severeConsoleMessages(); // reading drains what earlier tests logged (their 400s)
        browser.open(base() + "/");
    }

    private String base() {
        return "http://localhost:" + port;
    }

    @Test
    void tagsASentenceAndHighlightsEachEntityByTypeInTheOriginalText() {
        WebElement box = browser.driver().findElement(By.id("text"));
        box.sendKeys(SENTENCE);
        browser.driver().findElement(By.id("tag")).click();
        browser.until(d -> d.findElement(By.id("result")).isDisplayed());

        List<WebElement> marks = browser.driver().findElements(By.cssSelector("#tagged mark.entity"));
        List<String> entities = marks.stream()
                .map(mark -> mark.getAttribute("data-type") + ":" + entityText(mark))
                .toList();
        assertThat(entities).contains("PER:Anna Berg", "LOC:Oslo", "ORG:Acme Corp", "PER:Tom Lund", "LOC:Paris", "MISC:German");
        // The type label is shown inside each highlight, and each type has its own colour.
        for (WebElement mark : marks) {
            assertThat(mark.findElement(By.className("entity-type")).getText()).isEqualTo(mark.getAttribute("data-type"));
        }
        String per = marks.get(0).getCssValue("background-color");
        WebElement loc = marks.stream().filter(m -> "LOC".equals(m.getAttribute("data-type"))).findFirst().orElseThrow();
        WebElement org = marks.stream().filter(m -> "ORG".equals(m.getAttribute("data-type"))).findFirst().orElseThrow();
        WebElement misc = marks.stream().filter(m -> "MISC".equals(m.getAttribute("data-type"))).findFirst().orElseThrow();
        assertThat(List.of(per, loc.getCssValue("background-color"), org.getCssValue("background-color"),
                misc.getCssValue("background-color"))).doesNotHaveDuplicates();
        assertThat(marks.get(0).getCssValue("border-top-color")).isNotEqualTo(marks.get(0).getCssValue("color"));

        // The original text is all there, line break included, with the type labels added.
        String tagged = (String) browser.script("return document.getElementById('tagged').textContent");
        assertThat(tagged.replaceAll("(PER|LOC|ORG|MISC)", "")).isEqualTo(SENTENCE);

        // Every token carries its label and score in a tooltip, and can be reached with the keyboard.
        List<WebElement> tokens = browser.driver().findElements(By.cssSelector("#tagged .tok"));
        assertThat(tokens).hasSize(23);
        WebElement anna = tokens.get(0);
        assertThat(anna.getText()).isEqualTo("Anna");
        assertThat(anna.getAttribute("title")).matches("B-PER · (0|1)\\.\\d{3}.*");
        assertThat(anna.getAttribute("tabindex")).isEqualTo("0");
        assertThat(tokens.get(2).getAttribute("title")).startsWith("O · ");
        WebElement unknown = tokens.get(21);
        assertThat(unknown.getText()).isEqualTo("Quorvik");
        assertThat(unknown.getAttribute("class")).contains("unk");

        assertThat(browser.driver().findElement(By.id("model-version")).getText()).isEqualTo(models().manifest().version());
        assertThat(browser.driver().findElements(By.cssSelector("#tokens tbody tr"))).hasSize(23);
        // The address now links to this result.
        assertThat(sharedText()).isEqualTo(SENTENCE);
        assertThat(browser.severeConsoleMessages()).isEmpty();

        // Keyboard: Tab from the Tag button reaches the first token, whose label shows on focus.
        browser.driver().findElement(By.id("tag")).sendKeys(Keys.TAB);
        WebElement focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getText()).isEqualTo("Anna");
        assertThat(browser.script("return getComputedStyle(arguments[0], '::after').content", focused))
                .asString().contains("B-PER");
        assertThat(focused.getCssValue("outline-style")).isEqualTo("solid");
        browser.screenshot("web-page");
    }

    /**
     * WCAG AA: every piece of visible text on the page, the result included, has a contrast ratio of
     * at least 4.5:1 with the background it is drawn on (semi-transparent backgrounds blended).
     */
    @Test
    void textContrastMeetsWcagAa() {
        browser.driver().findElement(By.id("text")).sendKeys(SENTENCE);
        browser.driver().findElement(By.id("tag")).click();
        browser.until(d -> d.findElement(By.id("result")).isDisplayed());
        browser.script("document.getElementById('token-details').open = true");
        @SuppressWarnings("unchecked")
        Map<String, Object> check = (Map<String, Object>) browser.script(CONTRAST_CHECK);
        assertThat((List<?>) check.get("failures")).isEmpty();
        assertThat(((Number) check.get("checked")).intValue()).as("text elements checked").isGreaterThan(60);
    }

    private static final String CONTRAST_CHECK = """
            const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
            const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
              return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
            const background = (el) => {
              const layers = [];
              for (let e = el; e; e = e.parentElement) {
                const c = parse(getComputedStyle(e).backgroundColor);
                if (c[3] > 0) layers.push(c);
                if (c[3] >= 1) break;
              }
              let rgb = [255, 255, 255];
              for (const [r, g, b, a] of layers.reverse()) rgb = [r * a + rgb[0] * (1 - a), g * a + rgb[1] * (1 - a), b * a + rgb[2] * (1 - a)];
              return rgb;
            };
            const failures = [];
            let checked = 0;
            for (const el of document.querySelectorAll('body *')) {
              const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
              if (!own || el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
              if (el.matches('textarea, script, style')) continue;
              checked++;
              const fg = lum(parse(getComputedStyle(el).color));
              const bg = lum(background(el));
              const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
              if (ratio < 4.5) failures.push(el.tagName + '.' + el.className + ' "' + el.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
            }
            return {failures, checked};
            """;

    @Test
    void ctrlEnterTagsAndUnknownWordsAreMarked() {
        WebElement box = browser.driver().findElement(By.id("text"));
        box.sendKeys("Tom Lund visited Zyxwvut .");
        new Actions(browser.driver()).keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();
        browser.until(d -> d.findElement(By.id("result")).isDisplayed());

        WebElement unknown = browser.driver().findElements(By.cssSelector("#tagged .tok")).stream()
                .filter(t -> t.getText().equals("Zyxwvut")).findFirst().orElseThrow();
        assertThat(unknown.getAttribute("class")).contains("unk");
        assertThat(unknown.getAttribute("title")).contains("UNK");
        assertThat(unknown.getCssValue("text-decoration-style")).isEqualTo("dotted");
        assertThat(browser.driver().findElements(By.cssSelector("#tokens tr.unk-row"))).isNotEmpty();
    }

    @Test
    void aSharedLinkFillsTheBoxAndTagsOnLoad() {
        String text = "Eva Lind visited Dublin . <b>not bold</b>";
        browser.open(base() + "/?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
        browser.until(d -> d.findElement(By.id("result")).isDisplayed());

        assertThat(browser.driver().findElement(By.id("text")).getAttribute("value")).isEqualTo(text);
        assertThat(browser.driver().findElements(By.cssSelector("#tagged mark.entity"))).isNotEmpty();
        // User text is text, never markup.
        assertThat(browser.driver().findElements(By.cssSelector("#tagged b"))).isEmpty();
        assertThat(browser.driver().findElement(By.id("tagged")).getText()).contains("<b>not bold</b>");
    }

    @Test
    void anApiErrorIsShownAsAMessage() {
        browser.driver().findElement(By.id("text")).sendKeys("   ");
        browser.driver().findElement(By.id("tag")).click();
        WebElement message = browser.until(d -> {
            WebElement m = d.findElement(By.id("message"));
            return m.isDisplayed() ? m : null;
        });
        assertThat(message.getText()).contains("empty or only whitespace");
        assertThat(message.getAttribute("role")).isEqualTo("alert");
        assertThat(browser.driver().findElement(By.id("result")).isDisplayed()).isFalse();

        // Longer than seqtag.max-text-chars (2000 in the tests): 413, the limit named.
        browser.driver().findElement(By.id("text")).clear();
        browser.script("document.getElementById('text').value = 'Oslo '.repeat(1300)");
        browser.driver().findElement(By.id("tag")).click();
        browser.until(d -> d.findElement(By.id("message")).getText().contains("2000"));
        // Too long for a shareable address: the link is left without the text rather than broken.
        assertThat((String) browser.script("return window.location.search")).isEmpty();
    }

    @Test
    void aNetworkFailureIsShownAsAMessage() {
        browser.script("window.fetch = () => Promise.reject(new TypeError('Failed to fetch'))");
        browser.driver().findElement(By.id("text")).sendKeys("Anna Berg visited Oslo .");
        browser.driver().findElement(By.id("tag")).click();
        WebElement message = browser.until(d -> {
            WebElement m = d.findElement(By.id("message"));
            return m.isDisplayed() ? m : null;
        });
        assertThat(message.getText()).contains("Could not reach the service", "Failed to fetch");
        assertThat(browser.driver().findElement(By.id("tag")).isEnabled()).isTrue();
    }

    @Test
    void onAPhoneTheLayoutFitsTheScreen() {
        try (Browser phone = Browser.start(Browser.PHONE)) {
            phone.open(base() + "/?text=" + URLEncoder.encode(SENTENCE, StandardCharsets.UTF_8));
            phone.until(d -> d.findElement(By.id("result")).isDisplayed());

            @SuppressWarnings("unchecked")
            Map<String, Object> widths = (Map<String, Object>) phone.script(
                    "return {viewport: window.innerWidth, page: document.documentElement.scrollWidth,"
                            + " button: document.getElementById('tag').getBoundingClientRect().width,"
                            + " box: document.getElementById('text').getBoundingClientRect().width}");
            long viewport = ((Number) widths.get("viewport")).longValue();
            assertThat(viewport).isEqualTo(390);
            assertThat(((Number) widths.get("page")).longValue()).as("no sideways scrolling").isLessThanOrEqualTo(viewport);
            assertThat(((Number) widths.get("button")).doubleValue()).as("full-width Tag button").isGreaterThan(300);
            assertThat(((Number) widths.get("box")).doubleValue()).isGreaterThan(300);
            assertThat(phone.driver().findElements(By.cssSelector("#tagged mark.entity"))).hasSizeGreaterThanOrEqualTo(4);
            phone.screenshot("web-page-phone");
        }
    }

    private static String entityText(WebElement mark) {
        String type = mark.findElement(By.className("entity-type")).getText();
        String text = mark.getText();
        return text.substring(0, text.length() - type.length()).strip();
    }

    private static String sharedText() {
        String query = (String) browser.script("return window.location.search");
        assertThat(query).startsWith("?text=");
        return URLDecoder.decode(query.substring("?text=".length()), StandardCharsets.UTF_8);
    }
}
