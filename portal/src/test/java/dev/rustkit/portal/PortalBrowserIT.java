package dev.rustkit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: Debian's chromium, headless, driven by Selenium through Debian's chromedriver (found
 * on PATH, so Selenium Manager downloads nothing), against the built jar. Screenshots go to
 * {@code target/browser/}; {@code docs/portal.png} is a copy of {@code target/browser/portal.png}.
 */
class PortalBrowserIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of(System.getProperty("portal.work")).resolveSibling("browser");
    private static PortalProcess portal;

    @BeforeAll
    static void start() throws Exception {
        portal = PortalProcess.start();
        deleteTree(OUT);
        Files.createDirectories(OUT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (portal != null) {
            assertThat(portal.terminate()).isZero();
        }
    }

    /** The scenario: a bad artifactId answered at its field, fixed, explored, generated, shared. */
    @Test
    void rocketDistrolessFromProblemToDownloadToShareUrl() throws Exception {
        Path downloads = Files.createDirectories(OUT.resolve("downloads"));
        ChromeDriver driver = browser(downloads, true);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(portal.base().toString());
            wait.until(d -> d.findElement(By.id("starter")).isDisplayed());
            new Select(driver.findElement(By.id("archetype"))).selectByValue("rocket-distroless");
            type(driver, "field-groupId", "com.example");
            type(driver, "field-artifactId", "Ledger_API");
            new Select(driver.findElement(By.id("field-allocator"))).selectByValue("jemalloc");
            new Select(driver.findElement(By.id("field-runtime"))).selectByValue("distroless-cc");
            type(driver, "field-port", "9090");

            // Every form control has a label naming it.
            Object unlabelled = driver.executeScript("return [...document.querySelectorAll('#starter input, #starter select')]"
                    + ".filter(i => !document.querySelector('label[for=\"' + i.id + '\"]')).map(i => i.name)");
            assertThat((List<?>) unlabelled).isEmpty();

            // Explore with the bad name: the server's own message appears at the artifactId field, nothing is listed.
            driver.findElement(By.id("explore")).click();
            WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("field-artifactId-problem")));
            String query = URI.create(driver.findElement(By.id("share-url")).getText()).getRawQuery();
            JsonNode serverProblems = JSON.readTree(get("preview?" + query).body()).get("problems");
            assertThat(serverProblems).hasSize(1);
            assertThat(problem.getText()).isEqualTo(serverProblems.get(0).get("message").asText())
                    .contains("\"Ledger_API\" is not allowed");
            assertThat(driver.findElement(By.id("field-artifactId")).getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("field-artifactId");
            assertThat(driver.findElement(By.id("explorer")).isDisplayed()).isFalse();
            save(driver, "problem.png");

            // Fixed: the problem goes, Explore lists the files and Cargo.toml carries the name.
            type(driver, "field-artifactId", "ledger-api");
            driver.findElement(By.id("explore")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("explorer")));
            assertThat(driver.findElement(By.id("field-artifactId-problem")).getText()).isEmpty();
            driver.findElement(By.cssSelector("#tree button[data-path='Cargo.toml']")).click();
            assertThat(driver.findElement(By.id("file-content")).getText()).contains("name = \"ledger-api\"");
            save(driver, "portal.png");

            // Generate, from the keyboard: the browser's own download of the form POST equals the API's zip.
            query = URI.create(driver.findElement(By.id("share-url")).getText()).getRawQuery();
            driver.findElement(By.id("generate")).sendKeys(Keys.ENTER);
            Path zip = awaitDownload(downloads.resolve("ledger-api.zip"));
            HttpResponse<byte[]> api = get("starter.zip?" + query);
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(Files.readAllBytes(zip)).isEqualTo(api.body());

            // Copy curl shows the same request: run as shown by a real shell and curl, it fetches the same bytes.
            String curl = driver.findElement(By.id("curl")).getText();
            Path curlDir = Files.createDirectories(OUT.resolve("curl"));
            Process shell = new ProcessBuilder("bash", "-c", curl).directory(curlDir.toFile()).redirectErrorStream(true)
                    .start();
            String shellOutput = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(shell.waitFor()).as("%s: %s", curl, shellOutput).isZero();
            assertThat(Files.readAllBytes(curlDir.resolve("ledger-api.zip"))).isEqualTo(api.body());

            // Share puts the choices in the address bar; a fresh page from that URL shows the same form.
            driver.findElement(By.id("share")).click();
            String shared = driver.getCurrentUrl();
            assertThat(shared).contains("artifactId=ledger-api").contains("runtime=distroless-cc");
            driver.get("about:blank");
            driver.get(shared);
            wait.until(d -> d.findElement(By.id("starter")).isDisplayed());
            Map<String, String> restored = new HashMap<>();
            for (String id : List.of("archetype", "field-groupId", "field-artifactId", "field-allocator", "field-runtime",
                    "field-port")) {
                restored.put(id, driver.findElement(By.id(id)).getDomProperty("value"));
            }
            assertThat(restored).containsExactlyInAnyOrderEntriesOf(Map.of("archetype", "rocket-distroless",
                    "field-groupId", "com.example", "field-artifactId", "ledger-api", "field-allocator", "jemalloc",
                    "field-runtime", "distroless-cc", "field-port", "9090"));

            // Everything the page loaded came from the portal itself.
            Object foreign = driver.executeScript("return performance.getEntriesByType('resource').map(e => e.name)"
                    + ".filter(n => !n.startsWith(location.origin + '/'))");
            assertThat((List<?>) foreign).isEmpty();
        } finally {
            driver.quit();
        }
    }

    /** With JavaScript off the page still generates: the plain form POSTs and the browser saves the zip. */
    @Test
    void generateWorksWithoutJavaScript() throws Exception {
        Path downloads = Files.createDirectories(OUT.resolve("downloads-nojs"));
        ChromeDriver driver = browser(downloads, false);
        try {
            driver.get(portal.base().toString());
            assertThat(driver.findElement(By.id("starter")).isDisplayed()).isFalse();
            WebElement form = driver.findElement(By.cssSelector("form.plain:has(input[value='rocket-distroless'])"));
            form.findElement(By.name("groupId")).sendKeys("com.example");
            form.findElement(By.name("artifactId")).sendKeys("plain-api");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            Path zip = awaitDownload(downloads.resolve("plain-api.zip"));
            assertThat(Files.readAllBytes(zip)).isEqualTo(
                    get("starter.zip?archetype=rocket-distroless&groupId=com.example&artifactId=plain-api").body());
        } finally {
            driver.quit();
        }
    }

    /** prefers-color-scheme: dark gives the page its dark colours. */
    @Test
    void darkModeFollowsTheSystem() throws Exception {
        ChromeDriver driver = browser(Files.createDirectories(OUT.resolve("downloads-dark")), true);
        try {
            driver.get(portal.base().toString());
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("starter")).isDisplayed());
            String light = background(driver);
            driver.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            String dark = background(driver);
            assertThat(light).isEqualTo("rgb(255, 255, 255)");
            assertThat(dark).isEqualTo("rgb(22, 22, 22)");
            save(driver, "portal-dark.png");
        } finally {
            driver.quit();
        }
    }

    private static String background(WebDriver driver) {
        return (String) ((JavascriptExecutor) driver).executeScript(
                "return getComputedStyle(document.body).backgroundColor");
    }

    private static ChromeDriver browser(Path downloads, boolean javascript) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(onPath("chromium").toFile());
        // --no-sandbox: the tests may run as root (in a container), where chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1500",
                "--disable-gpu", "--no-first-run", "--disable-extensions");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        if (!javascript) {
            prefs.put("profile.managed_default_content_settings.javascript", 2);
        }
        options.setExperimentalOption("prefs", prefs);
        // One chromedriver per browser: quit() stops the service it was given.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(onPath("chromedriver").toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void type(WebDriver driver, String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static void save(ChromeDriver driver, String name) throws IOException {
        Files.write(OUT.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** The file once the browser has finished writing it (no .crdownload beside it, size steady). */
    private static Path awaitDownload(Path file) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long size = -1;
        while (System.nanoTime() < end) {
            if (Files.exists(file) && !Files.exists(file.resolveSibling(file.getFileName() + ".crdownload"))) {
                long now = Files.size(file);
                if (now > 0 && now == size) {
                    return file;
                }
                size = now;
            }
            Thread.sleep(100);
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            throw new AssertionError("no download " + file + "; the directory holds " + files.toList());
        }
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(portal.base().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(command + " is not on PATH; scripts/install-tools installs it (Debian "
                + (command.equals("chromedriver") ? "chromium-driver" : command) + ")");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
