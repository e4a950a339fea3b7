package djlab.cli;

import djlab.serve.Bench;
import djlab.serve.Dashboard;
import djlab.spec.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a live dashboard of a results folder in the browser: every sweep and run, curves growing "
                + "as runs train, the report's comparison table, significance and overlays, and compare any runs. "
                + "Read-only; binds to this machine only unless --host says otherwise.")
final class ServeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RESULTS_DIR", arity = "0..1", defaultValue = "results",
            description = "The results folder (default: results), a sweep folder or a run folder.")
    Path dir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (default 8080; 0: any free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to bind (default 127.0.0.1: this machine only; 0.0.0.0: every interface, no login).")
    String host;

    @Option(names = "--bench", paramLabel = "RUNS", description = "Measure instead: a synthetic results folder of "
            + "RUNS runs in a temporary folder, served on a free port; prints the index, page and memory figures.")
    Integer bench;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new BadInputException(null, "--port", "expected a port in [0, 65535], got " + port);
        if (bench != null) {
            if (bench < 1) throw new BadInputException(null, "--bench", "expected a number of runs >= 1, got " + bench);
            return Bench.run(bench, host, 0, System.out);
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir.toString(), null, "expected a results folder, it does not exist");
        }
        try {
            java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new BadInputException(null, "--host", "expected an address of this machine (127.0.0.1, 0.0.0.0, ...), got "
                    + host);
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
        System.out.printf(Locale.ROOT, "djlab serve: %s: %d runs in %d sweeps, read-only (started in %.1f s)%n",
                dashboard.results(), dashboard.runs(), dashboard.sweeps(), (System.nanoTime() - start) / 1e9);
        System.out.println("  open " + dashboard.url());
        System.out.println(dashboard.loopbackOnly()
                ? "  bound to " + host + ": only this machine can connect (from elsewhere: ssh -L "
                        + dashboard.port() + ":localhost:" + dashboard.port() + " this-host)"
                : "  bound to " + host + ": other machines can connect, and nothing asks for a login");
        System.out.println("  Ctrl-C stops it");
        dashboard.join();
        return 0;
    }
}
