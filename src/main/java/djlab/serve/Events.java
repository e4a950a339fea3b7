package djlab.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The pages' event stream (server-sent events): every change the watcher finds goes to every open page, which keeps
 * what concerns it. Writes are asynchronous and queued per page, so a slow page never holds up the watcher; a page
 * that falls too far behind is dropped (its browser reconnects and loads afresh).
 */
final class Events implements AutoCloseable {

    /** Open pages at most: each costs a connection, not a thread. */
    static final int MAX_CLIENTS = 64;
    /** Events queued for one page at most before it is dropped. */
    static final int MAX_QUEUED = 2000;

    private final List<Client> clients = new CopyOnWriteArrayList<>();

    /** Takes the request as a new stream; false when there are too many already. */
    boolean open(Request request, Response response, Callback callback) {
        if (clients.size() >= MAX_CLIENTS) return false;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Client client = new Client(response, callback);
        clients.add(client);
        request.addFailureListener(failure -> client.close(failure));
        // How soon to reconnect after the server went away (ms); then a first message, so the page knows it is live.
        client.send("retry: 1000\nevent: hello\ndata: {}\n\n");
        return true;
    }

    void send(String event, String json) {
        String message = "event: " + event + "\ndata: " + json + "\n\n";
        for (Client c : clients) c.send(message);
    }

    /** A comment line: keeps idle connections (and SSH tunnels) open, and finds pages that went away. */
    void heartbeat() {
        for (Client c : clients) c.send(": ping\n\n");
    }

    int size() {
        return clients.size();
    }

    @Override
    public void close() {
        for (Client c : clients) c.close(null);
    }

    private final class Client {
        private final Response response;
        private final Callback done;
        private final List<String> queue = new ArrayList<>();
        private boolean writing;
        private boolean closed;

        Client(Response response, Callback done) {
            this.response = response;
            this.done = done;
        }

        synchronized void send(String message) {
            if (closed) return;
            if (queue.size() >= MAX_QUEUED) {
                close(null);
                return;
            }
            queue.add(message);
            if (!writing) flush();
        }

        /** Writes all that is queued as one buffer; the next write starts when this one is done. */
        private void flush() {
            if (queue.isEmpty() || closed) {
                writing = false;
                return;
            }
            writing = true;
            String all = String.join("", queue);
            queue.clear();
            response.write(false, ByteBuffer.wrap(all.getBytes(StandardCharsets.UTF_8)), Callback.from(() -> {
                synchronized (Client.this) {
                    flush();
                }
            }, this::close));
        }

        synchronized void close(Throwable failure) {
            if (closed) return;
            closed = true;
            clients.remove(this);
            if (failure == null) done.succeeded();
            else done.failed(failure);
        }
    }
}
