package djlab.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code djlab serve}: a live dashboard of a results folder, on Jetty's embedded server. It only reads the folder; a
 * {@link Watcher} polls it and an {@link Events} stream pushes what changed to the open pages.
 */
public final class Dashboard implements AutoCloseable {

    /** How often the results folder is looked at: a new point shows in the page within about this long. */
    public static final long POLL_MILLIS = 500;
    static final long HEARTBEAT_SECONDS = 15;

    /** Thrown when the port is taken; the command turns it into one error line. */
    public static final class PortInUse extends RuntimeException {
        PortInUse(String host, int port) {
            super("port " + port + " on " + host + " is in use");
        }
    }

    /** Thrown when the address is not one of this machine's. */
    public static final class BadHost extends RuntimeException {
        BadHost(String host, String why) {
            super(host + " is not an address of this machine (" + why + ")");
        }
    }

    private final ResultsRoot root;
    private final Watcher watcher;
    private final Events events = new Events();
    private final Server server;
    private final ServerConnector connector;
    private final ScheduledExecutorService heartbeat;
    private final String host;

    private Dashboard(ResultsRoot root, String host, int port, long pollMillis) {
        this.root = root;
        this.host = host;
        this.watcher = new Watcher(root, pollMillis);
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("djlab-serve");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        // Pages hold their event stream open; the heartbeat writes well within this.
        connector.setIdleTimeout(TimeUnit.SECONDS.toMillis(4 * HEARTBEAT_SECONDS));
        server.addConnector(connector);
        Routes routes = new Routes(root, watcher, events, loopback(host));
        routes.warm();
        server.setHandler(routes);
        server.setStopTimeout(1000);
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "djlab-serve-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Indexes the results folder, binds and starts serving.
     *
     * @param port 0 for any free port
     * @throws PortInUse when the port is taken
     */
    public static Dashboard start(Path results, String host, int port) {
        return start(results, host, port, POLL_MILLIS);
    }

    static Dashboard start(Path results, String host, int port, long pollMillis) {
        Dashboard d = new Dashboard(new ResultsRoot(results), host, port, pollMillis);
        try {
            d.server.start();
        } catch (Exception e) {
            d.close();
            Throwable bind = e instanceof BindException ? e : e.getCause() instanceof BindException ? e.getCause() : null;
            if (bind != null && String.valueOf(bind.getMessage()).contains("in use")) throw new PortInUse(host, port);
            if (bind != null) throw new BadHost(host, bind.getMessage());
            if (e instanceof IOException io) throw new UncheckedIOException(io);
            throw new IllegalStateException(e);
        }
        d.watcher.start(change -> Routes.publish(change, d.events));
        d.heartbeat.scheduleAtFixedRate(d.events::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        return d;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The address to open in a browser. */
    public String url() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        if (host.equals("0.0.0.0") || host.equals("::")) shown = "localhost";
        return "http://" + shown + ":" + port() + "/";
    }

    public Path results() {
        return root.path();
    }

    public int runs() {
        return watcher.runs().size();
    }

    public int sweeps() {
        return watcher.sweeps().size();
    }

    /** How many runs have this status now. */
    public long count(String status) {
        return watcher.runs().stream().filter(r -> r.row() != null && status.equals(r.row().status())).count();
    }

    /** Whether only this machine can connect. */
    public boolean loopbackOnly() {
        return loopback(host);
    }

    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** Looks at the results folder once, now, and tells the open pages what changed (tests, the bench). */
    void poll() {
        Watcher.Change change = watcher.poll();
        if (!change.isEmpty()) Routes.publish(change, events);
    }

    /** Serves until the process is stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        watcher.close();
        events.close();
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping anyway.
        }
    }
}
