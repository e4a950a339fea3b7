package djlab.cli;

import djlab.serve.Bench;
import djlab.serve.Dashboard;
import djlab.spec.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a live dashboard of a results folder in the browser: every sweep and run, curves growing "
                + "as runs train, the report's comparison table, significance and overlays, and compare any runs. "
                + "Read-only; binds to this machine only unless --host says otherwise.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DebugOption debug;

    @Parameters(paramLabel = "RESULTS_DIR", arity = "0..1", defaultValue = "results",
            description = "The results folder (default: results), a sweep folder or a run folder.")
    Path dir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", converter = Values.Port.class, description = "Port (default 8080; 0: any free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", converter = Values.Host.class,
            description = "Address to bind (default 127.0.0.1: this machine only; 0.0.0.0: every interface, no login).")
    String host;

    @Option(names = "--bench", paramLabel = "RUNS", converter = Values.Runs.class, description = "Measure instead: a synthetic results folder of "
            + "RUNS runs in a temporary folder, served on a free port; prints the index, page and memory figures.")
    Integer bench;

    @Override
    public Integer call() throws Exception {
        if (bench != null) {
            return Bench.run(bench, host, 0, Output.stream(out()));
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir.toString(), null, "expected a results folder, it does not exist");
        }
        long start = System.nanoTime();
        Dashboard dashboard;
        try {
            dashboard = Dashboard.start(dir, host, port);
        } catch (Dashboard.PortInUse e) {
            throw new BadInputException(null, "--port", "expected a free port, " + e.getMessage()
                    + " (another djlab serve? pick one with --port)");
        } catch (Dashboard.BadHost e) {
            throw new BadInputException(null, "--host", "expected an address of this machine, " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(dashboard::close));
        out().printf(Locale.ROOT, "djlab serve: %s: %d runs in %d sweeps, read-only (started in %.1f s)%n",
                dashboard.results(), dashboard.runs(), dashboard.sweeps(), (System.nanoTime() - start) / 1e9);
        out().println("  open " + dashboard.url());
        out().println(dashboard.loopbackOnly()
                ? "  bound to " + host + ": only this machine can connect (from elsewhere: ssh -L "
                        + dashboard.port() + ":localhost:" + dashboard.port() + " this-host)"
                : "  bound to " + host + ": other machines can connect, and nothing asks for a login");
        out().println("  Ctrl-C stops it");
        dashboard.join();
        return 0;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
