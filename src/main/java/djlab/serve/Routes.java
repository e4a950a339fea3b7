package djlab.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The dashboard's addresses: the pages and their scripts (from the jar), uPlot (from its WebJar), the JSON the pages
 * draw from, the event stream, and files of the results folder (pictures, curves), through {@link ResultsRoot}.
 * Every answer carries a Content-Security-Policy that lets the page run only its own scripts and connect only to
 * this server, so text from a spec or a file can never become code.
 */
final class Routes extends Handler.Abstract {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** Files of the results folder (a report.html with its inline styles) are shown sandboxed, without scripts. */
    static final String FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox";

    private static final Map<String, String> PAGES = Map.of("/", "index.html", "/index.html", "index.html",
            "/sweep.html", "sweep.html", "/run.html", "run.html", "/compare.html", "compare.html");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "png", "image/png", "csv",
            "text/csv; charset=utf-8", "svg", "image/svg+xml", "json", "application/json; charset=utf-8", "yaml", "text/plain; charset=utf-8",
            "md", "text/plain; charset=utf-8", "txt", "text/plain; charset=utf-8");
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + webJarVersion("uplot") + "/dist/";
    static final int MAX_COMPARED = 20;
    private static final int CACHED_SWEEPS = 8;

    private final ResultsRoot root;
    private final Watcher watcher;
    private final Events events;
    private final boolean loopbackOnly;
    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();
    private final Map<String, Cached> sweeps = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHED_SWEEPS;
        }
    };

    private record Cached(long version, byte[] json) {}

    Routes(ResultsRoot root, Watcher watcher, Events events, boolean loopbackOnly) {
        this.root = root;
        this.watcher = watcher;
        this.events = events;
        this.loopbackOnly = loopbackOnly;
    }

    /** Loads the pages' files and writes the index once, so the first page opened is as quick as the next. */
    void warm() {
        for (String page : List.of("index.html", "common.js", "index.js", "dashboard.css")) {
            assets.computeIfAbsent("djlab/serve/" + page, Routes::load);
        }
        assets.computeIfAbsent(UPLOT + "uPlot.iife.min.js", Routes::load);
        Json.bytes(index());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put("Content-Security-Policy", POLICY);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put("X-Frame-Options", "DENY");
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return error(response, callback, 405, "the dashboard only reads");
        }
        if (loopbackOnly && !localHost(request)) {
            // A page of another site that made its name point at 127.0.0.1 (DNS rebinding) must not read the results.
            return error(response, callback, 403, "this dashboard answers to localhost only");
        }
        String path = request.getHttpURI().getDecodedPath();
        try {
            if (path == null) return error(response, callback, 400, "no path");
            if (PAGES.containsKey(path)) return asset(response, callback, "djlab/serve/" + PAGES.get(path), "html");
            if (path.startsWith("/static/")) {
                String name = path.substring("/static/".length());
                if (!name.matches("[a-z-]+\\.(js|css|svg)")) return notFound(response, callback);
                return asset(response, callback, "djlab/serve/" + name, extension(name));
            }
            if (path.equals("/favicon.ico")) return asset(response, callback, "djlab/serve/favicon.svg", "svg");
            if (path.equals("/lib/uPlot.iife.min.js") || path.equals("/lib/uPlot.min.css")) {
                return asset(response, callback, UPLOT + path.substring(5), extension(path));
            }
            if (path.equals("/api/events")) {
                if (events.open(request, response, callback)) return true;
                return error(response, callback, 503, "too many pages open");
            }
            if (path.equals("/api/index")) return json(response, callback, Json.bytes(index()));
            if (path.equals("/api/run")) return run(request, response, callback);
            if (path.equals("/api/sweep")) return sweep(request, response, callback);
            if (path.equals("/api/compare")) return compare(request, response, callback);
            if (path.startsWith("/files/")) return file(response, callback, path.substring("/files/".length()));
            return notFound(response, callback);
        } catch (RuntimeException e) {
            return error(response, callback, 500, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static boolean localHost(Request request) {
        String host = request.getHttpURI().getHost();
        if (host == null) return false;
        host = host.toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }

    // ---- pages and scripts ----------------------------------------------------------------------------------------

    private boolean asset(Response response, Callback callback, String resource, String type) {
        byte[] bytes = assets.computeIfAbsent(resource, Routes::load);
        if (bytes.length == 0) return notFound(response, callback);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        return send(response, callback, 200, TYPES.get(type), bytes);
    }

    private static byte[] load(String resource) {
        try (InputStream in = Routes.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webJarVersion(String name) {
        Properties p = new Properties();
        try (InputStream in = Routes.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/" + name + "/pom.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "missing");
    }

    // ---- JSON -----------------------------------------------------------------------------------------------------

    /** The front page: every sweep and run, from the watcher's index (no file is read to answer it). */
    private Map<String, Object> index() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("root", root.path().toString());
        out.put("sweeps", watcher.sweeps().values());
        List<RunEntry.Row> rows = new ArrayList<>();
        for (RunEntry run : watcher.runs()) if (run.row() != null) rows.add(run.row());
        rows.sort(Comparator.comparing(RunEntry.Row::id));
        out.put("runs", rows);
        return out;
    }

    private boolean run(Request request, Response response, Callback callback) {
        String id = parameter(request, "id");
        RunEntry entry = id == null ? null : watcher.run(id);
        Optional<Path> dir = root.resolve(id);
        if (entry == null || dir.isEmpty()) return error(response, callback, 404, "no such run");
        return json(response, callback, Json.bytes(RunView.of(entry, dir.get(), root)));
    }

    private boolean sweep(Request request, Response response, Callback callback) {
        String id = parameter(request, "id");
        Watcher.Sweep sweep = id == null ? null : watcher.sweeps().get(id);
        Optional<Path> dir = root.resolve(id);
        if (sweep == null || dir.isEmpty()) return error(response, callback, 404, "no such sweep");
        byte[] json;
        // Computed again when a run of the sweep changed, or a report drew its pictures anew.
        long version = sweep.version() * 31 + RunEntry.Stamp.of(dir.get().resolve(djlab.report.Reports.PICTURES)).modified();
        synchronized (sweeps) {
            Cached cached = sweeps.get(id);
            if (cached != null && cached.version() == version) {
                json = cached.json();
            } else {
                json = Json.bytes(SweepView.of(sweep, dir.get(), root));
                sweeps.put(id, new Cached(version, json));
            }
        }
        return json(response, callback, json);
    }

    private boolean compare(Request request, Response response, Callback callback) {
        Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        List<String> ids = fields.getValues("id");
        if (ids == null || ids.isEmpty()) return error(response, callback, 400, "pick runs to compare");
        if (ids.size() > MAX_COMPARED) return error(response, callback, 400, "at most " + MAX_COMPARED + " runs");
        List<RunView.Compared> runs = new ArrayList<>();
        for (String id : ids) {
            RunEntry entry = watcher.run(id);
            Optional<Path> dir = root.resolve(id);
            if (entry == null || dir.isEmpty()) return error(response, callback, 404, "no such run");
            runs.add(RunView.compared(entry, dir.get()));
        }
        return json(response, callback, Json.bytes(RunView.comparison(runs)));
    }

    private static String parameter(Request request, String name) {
        return Request.extractQueryParameters(request, StandardCharsets.UTF_8).getValue(name);
    }

    // ---- files of the results folder ------------------------------------------------------------------------------

    private boolean file(Response response, Callback callback, String relative) {
        Optional<Path> file = root.resolve(relative);
        String type = TYPES.get(extension(relative));
        if (file.isEmpty() || !Files.isRegularFile(file.get()) || type == null
                || List.of("js", "css", "svg").contains(extension(relative))) {
            return notFound(response, callback);
        }
        try {
            response.getHeaders().put("Content-Security-Policy", FILE_POLICY);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            return send(response, callback, 200, type, Files.readAllBytes(file.get()));
        } catch (IOException e) {
            return notFound(response, callback);
        }
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The PNGs of a report in {@code folder/report/} whose names pass the test, as paths under the results. */
    static List<String> pictures(ResultsRoot root, Path folder, java.util.function.Predicate<String> keep) {
        Path dir = folder.resolve(djlab.report.Reports.PICTURES);
        if (!Files.isDirectory(dir) || !root.inside(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).filter(keep).sorted()
                    .map(n -> prefix(root.id(folder)) + djlab.report.Reports.PICTURES + "/" + n).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static String prefix(String id) {
        return id.equals(".") ? "" : id + "/";
    }

    // ---- answers --------------------------------------------------------------------------------------------------

    private static boolean json(Response response, Callback callback, byte[] json) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        return send(response, callback, 200, TYPES.get("json"), json);
    }

    private static boolean notFound(Response response, Callback callback) {
        return error(response, callback, 404, "not found");
    }

    private static boolean error(Response response, Callback callback, int status, String message) {
        Map<String, String> body = Map.of("error", message);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        return send(response, callback, status, TYPES.get("json"), Json.bytes(body));
    }

    private static boolean send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** What the watcher found, to every open page. */
    static void publish(Watcher.Change change, Events events) {
        for (String id : change.gone()) events.send("gone", Json.write(Map.of("id", id)));
        for (RunEntry.Row row : change.runs()) events.send("run", Json.write(row));
        for (Watcher.Sweep sweep : change.sweeps()) events.send("sweep", Json.write(sweep));
        for (RunEntry.Growth g : change.growth()) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", g.id());
            event.put("file", g.file());
            event.put("columns", g.chunk().columns());
            event.put("from", g.chunk().from());
            event.put("to", g.chunk().to());
            event.put("reset", g.chunk().reset());
            event.put("rows", g.chunk().rows());
            events.send("rows", Json.write(event));
        }
    }
}
