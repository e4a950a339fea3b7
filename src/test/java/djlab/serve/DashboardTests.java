package djlab.serve;

import static djlab.TestSupport.djlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import djlab.TestSupport;
import djlab.report.Reports;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's server over HTTP: what it answers, what it refuses, and that it only reads. */
class DashboardTests {

    @TempDir
    static Path tmp;
    static Path results;
    static Path sweep;
    static Path secret;
    static Dashboard dashboard;
    static Map<String, String> before;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        results = tmp.resolve("results");
        sweep = ServeFixture.realSweep(results);
        ServeFixture.corrupt(results);
        ServeFixture.hostile(results);
        // A secret beside the results folder, and a link inside it that points there.
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        secret = Files.writeString(outside.resolve("secret.txt"), "the secret");
        Files.writeString(outside.resolve("summary.json"), "{\"status\": \"completed\"}");
        Files.createSymbolicLink(results.resolve("link-out"), outside);
        Files.createSymbolicLink(sweep.resolve("secret.txt"), secret);
        before = snapshot(results);
        dashboard = Dashboard.start(results, "127.0.0.1", 0, 100);
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) dashboard.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), () -> path + ": " + r.body());
        return Json.MAPPER.readTree(r.body());
    }

    /** What a request with exactly this target (nothing normalised by a client library) gets back. */
    static String raw(String target) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", dashboard.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every file under a folder with its size and time: to see that nothing was written. */
    static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                files.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }

    @Test
    void theIndexListsEverySweepAndRunWithItsStatus() throws Exception {
        JsonNode index = json("/api/index");
        List<String> ids = new ArrayList<>();
        index.path("runs").forEach(r -> ids.add(r.path("id").asText()));
        for (Path run : ServeFixture.runs(sweep)) {
            assertTrue(ids.contains(ServeFixture.SWEEP + "/" + run.getFileName()), () -> ids.toString());
        }
        assertEquals(6, ids.size(), () -> "4 trained, the corrupt and the hostile run: " + ids);
        JsonNode row = find(index.path("runs"), ServeFixture.SWEEP + "/" + ServeFixture.runs(sweep).get(0).getFileName());
        assertEquals("completed", row.path("status").asText());
        assertEquals(2, row.path("epochs_done").asInt());
        assertTrue(row.path("best_accuracy").asDouble() > 0.5, row::toString);
        JsonNode sweepRow = find(index.path("sweeps"), ServeFixture.SWEEP);
        assertEquals(4, sweepRow.path("planned").asInt());
        assertEquals("completed", sweepRow.path("status").asText());
        assertEquals(4, sweepRow.path("states").path("completed").asInt());
        assertFalse(ids.stream().anyMatch(i -> i.startsWith("link-out")), "a link out of the results is not followed");
    }

    static JsonNode find(JsonNode array, String id) {
        for (JsonNode n : array) if (n.path("id").asText().equals(id)) return n;
        throw new AssertionError("no " + id + " in " + array);
    }

    @Test
    void aCorruptRunIsShownAsUnreadableAndTheRestStillLoads() throws Exception {
        JsonNode row = find(json("/api/index").path("runs"), "broken/0000broken00");
        assertEquals("unreadable", row.path("status").asText());
        assertEquals("summary.json is not valid JSON", row.path("problem").asText());
        JsonNode run = json("/api/run?id=broken/0000broken00");
        assertEquals("unreadable", run.path("row").path("status").asText());
        assertTrue(run.path("epochs").path("problem").asText().startsWith("epochs.csv: line 2 has 2 cells"),
                run.path("epochs")::toString);
        HttpResponse<String> sweepPage = get("/api/sweep?id=broken");
        assertEquals(200, sweepPage.statusCode(), sweepPage::body);
    }

    @Test
    void theSweepsNumbersAreTheReportsOwn() throws Exception {
        JsonNode report = json("/api/sweep?id=" + ServeFixture.SWEEP).path("report");
        Reports.Written written = Reports.write(copyOf(sweep), null);
        List<String> lines = written.table().lines().toList();
        JsonNode rows = report.path("comparison").path("rows");
        assertEquals(2, rows.size());
        for (JsonNode row : rows) {
            String line = lines.stream().filter(l -> l.startsWith(row.get(0).asText() + " ")).findFirst().orElseThrow();
            for (int i = 2; i < row.size(); i++) {
                assertTrue(line.contains(row.get(i).asText()), "'" + row.get(i).asText() + "' in: " + line);
            }
        }
        JsonNode verdict = report.path("significance").path("grid").path("rows").get(0);
        assertEquals("model.batchnorm", verdict.get(0).asText());
        assertTrue(Files.readString(written.markdown()).contains(verdict.get(7).asText()), "the report's p-value");
        assertEquals(6, report.path("overlays").size(), report.path("overlays")::toString);
        JsonNode band = report.path("overlays").get(0).path("bands").get(0);
        assertEquals(band.path("x").size(), band.path("low").size());
        assertEquals(4, report.path("trials").size());
        assertEquals(List.of("model.batchnorm"), List.of(report.path("axes").get(0).asText()));
    }

    /** The report is written into a copy: the served folder must stay as it was. */
    static Path copyOf(Path dir) throws Exception {
        Path copy = tmp.resolve("copy-" + System.nanoTime());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.toList()) {
                if (Files.isSymbolicLink(p)) continue;
                Path to = copy.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        return copy;
    }

    @Test
    void pathsOutsideTheResultsAreRefusedHoweverWritten() throws Exception {
        List<String> attempts = List.of("/files/../../etc/passwd", "/files/%2e%2e/%2e%2e/etc/passwd",
                "/files/..%2f..%2fetc%2fpasswd", "/files/%252e%252e/%252e%252e/etc/passwd",
                "/files/..%5c..%5cetc%5cpasswd", "/files/.%2e/outside/secret.txt", "/files//etc/passwd",
                "/files/link-out/secret.txt", "/files/" + ServeFixture.SWEEP + "/secret.txt",
                "/files/%2Fetc%2Fpasswd", "/api/run?id=../outside", "/api/run?id=link-out",
                "/api/run?id=%2e%2e%2Foutside", "/api/sweep?id=../../etc", "/api/sweep?id=/etc",
                "/api/compare?id=../outside", "/static/../common.js", "/static/..%2f..%2fpom.xml",
                "/lib/../../etc/passwd");
        for (String target : attempts) {
            String answer = raw(target);
            String status = answer.lines().findFirst().orElse("");
            assertFalse(status.contains(" 200 "), target + " -> " + status);
            assertFalse(answer.contains("the secret") || answer.contains("root:x:0"), target + " leaked: " + answer);
        }
        assertTrue(raw("/files/" + ServeFixture.SWEEP + "/plan.json").lines().findFirst().orElse("").contains(" 200 "),
                "a file inside the results is served");
    }

    @Test
    void everyAnswerCarriesAContentSecurityPolicy() throws Exception {
        for (String path : List.of("/", "/run.html", "/static/common.js", "/api/index", "/files/"
                + ServeFixture.SWEEP + "/plan.json", "/nothing-here")) {
            HttpResponse<String> r = get(path);
            String policy = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.contains("default-src 'none'"), path + ": " + policy);
            assertFalse(policy.contains("script-src 'unsafe-inline'") || policy.contains("unsafe-eval"), policy);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        }
        assertEquals(405, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port()
                + "/api/index")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "read-only");
        String html = get("/").body();
        assertFalse(html.contains("<script>") || html.contains("onload=") || html.contains("http"),
                "no inline script, nothing from elsewhere: " + html);
        HttpResponse<String> uplot = get("/lib/uPlot.iife.min.js");
        assertEquals(200, uplot.statusCode());
        assertTrue(uplot.body().contains("uPlot"), "the charting library comes from the jar");
    }

    @Test
    void anotherSitesNameForThisServerIsRefused() throws Exception {
        String answer;
        try (Socket socket = new Socket("127.0.0.1", dashboard.port())) {
            socket.getOutputStream().write("GET /api/index HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
    }

    @Test
    void aNewRunAndItsRowsArePushedToOpenPagesAndNothingIsWritten() throws Exception {
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + "/api/events"))
                .build();
        HttpResponse<InputStream> stream = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("Content-Type").orElse(""));
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) lines.add(line);
            } catch (Exception e) {
                // closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        assertEquals("retry: 1000", lines.poll(10, TimeUnit.SECONDS));
        Path run = ServeFixture.running(sweep, ServeFixture.runs(sweep).get(0));
        try {
            String runEvent = await(lines, "\"id\":\"" + ServeFixture.SWEEP + "/0000running0\"");
            assertTrue(runEvent.contains("\"status\":\"running\""), runEvent);
            ServeFixture.appendEpoch(run, 2, 0.875);
            String rows = await(lines, "\"file\":\"epochs\"");
            while (!rows.contains("0.875")) rows = await(lines, "\"file\":\"epochs\"");
            assertTrue(rows.contains("[2.0,0.3,0.9,0.31,0.9,0.32,0.875,1.0,2.0]"), rows);
            ServeFixture.delete(run);
            await(lines, "event: gone");
        } finally {
            ServeFixture.delete(run);
            stream.body().close();
        }
        Map<String, String> after = snapshot(results);
        assertEquals(before, after, "the dashboard wrote nothing under the results folder");
    }

    static String await(BlockingQueue<String> lines, String text) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.contains(text)) return line;
        }
        throw new AssertionError("no event with " + text + " within 20 s");
    }

    @Test
    void theCommandSaysItsAddressAndWhereItIsBoundAndServesThere() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process serve = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "djlab.cli.Main", "serve",
                results.toString(), "--port", "0").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            String open = out.readLine();
            String bound = out.readLine();
            assertTrue(first.startsWith("djlab serve: " + results.toRealPath() + ": 6 runs in 3 sweeps, read-only"), first);
            assertTrue(open.matches("  open http://127\\.0\\.0\\.1:\\d+/"), open);
            assertTrue(bound.startsWith("  bound to 127.0.0.1: only this machine can connect"), bound);
            String url = open.strip().substring("open ".length());
            HttpResponse<String> index = HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/index")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, index.statusCode());
            assertTrue(index.body().contains(ServeFixture.SWEEP));
        } finally {
            serve.destroy();
            serve.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPortInUseOrAnAddressNotHereIsOneErrorLineAndExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            TestSupport.CliResult r = djlab("serve", results.toString(), "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(2, r.exitCode(), r::toString);
            assertEquals("error: --port: expected a free port, port " + taken.getLocalPort()
                    + " on 127.0.0.1 is in use (another djlab serve? pick one with --port)", r.err().strip());
        }
        TestSupport.CliResult elsewhere = djlab("serve", results.toString(), "--host", "192.0.2.1", "--port", "0");
        assertEquals(2, elsewhere.exitCode(), elsewhere::toString);
        assertTrue(elsewhere.err().strip().startsWith("error: --host: expected an address of this machine, 192.0.2.1 "),
                elsewhere::toString);
        TestSupport.CliResult unknown = djlab("serve", results.toString(), "--host", "no-such-host.invalid");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        TestSupport.CliResult missing = djlab("serve", tmp.resolve("nowhere").toString());
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().strip().endsWith("nowhere: expected a results folder, it does not exist"), missing::toString);
        assertNotEquals(0, dashboard.port());
    }
}
