package djlab.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import djlab.spec.SpecFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The lock on a run folder, as a lease. {@code run.lock} records who holds it (host, pid, the process's start time,
 * and how long its lease lasts without renewal); the file's modification time is the heartbeat, renewed every few
 * seconds by a daemon thread while the holder lives. A lock is dead, and taken over, when
 * <ul>
 *   <li>on this host: its process is gone, or its pid now belongs to a process that started at another time;</li>
 *   <li>on another host (a results folder shared over the network): its heartbeat is older than its lease, since
 *       another host's processes cannot be seen from here. The hosts' clocks must agree to well within a lease.</li>
 * </ul>
 * Taking over is atomic: under a takeover guard (an OS file lock) the dead lock is checked again, removed and a new
 * one created exclusively, so of several claimants exactly one wins. A holder checks at every heartbeat that the lock is still its own; one that finds it is not
 * (it stopped long enough for its lease to expire and another took over) has lost the run and must stop.
 *
 * <p>The lease lasts {@value #DEFAULT_SECONDS} s unless {@code -Ddjlab.lease.seconds} or {@code DJLAB_LEASE_SECONDS}
 * says otherwise; {@code -Ddjlab.host} or {@code DJLAB_HOST} overrides the host name (two containers sharing one).
 */
public final class Lease {

    public static final int DEFAULT_SECONDS = 60;

    /** What {@code run.lock} says. {@code started}: the holder process's start, epoch milliseconds (0 if unknown). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Holder(String host, long pid, long started, double leaseSeconds, String token, String acquired) {

        /** The holder as one line for the terminal: {@code host vm pid 1234}. */
        public String describe() {
            return "host " + host + " pid " + pid;
        }
    }

    /** What a look at a lock file found: who holds it (null if unreadable), its heartbeat and whether it is alive. */
    public record State(Holder holder, Instant heartbeat, boolean alive) {

        public Duration heartbeatAge() {
            return Duration.between(heartbeat, Instant.now());
        }

        public String describe() {
            long age = Math.max(0, heartbeatAge().toSeconds());
            return (holder == null ? "an unknown process" : holder.describe()) + ", heartbeat " + age + " s ago";
        }
    }

    private static final Object TAKEOVER = new Object();

    /** Leases this process holds, by token. */
    private static final Map<String, Lease> HELD = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService HEARTBEAT = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "djlab-lease-heartbeat");
        t.setDaemon(true);
        return t;
    });

    static {
        // A process ended by a signal (SIGTERM from Slurm or Kubernetes, Ctrl-C) lets its runs go at once, so the
        // requeued job, on this host or another, need not wait for the leases to run out.
        // Marked lost first, so a run still training in this dying process writes nothing more into the folder.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> HELD.values().forEach(lease -> {
            lease.lost = true;
            lease.release();
        }), "djlab-lease-release"));
    }

    private final Path file;
    private final Holder holder;
    private volatile boolean lost;
    private volatile Instant renewed = Instant.now();
    private java.util.concurrent.ScheduledFuture<?> beat;

    private Lease(Path file, Holder holder) {
        this.file = file;
        this.holder = holder;
    }

    /** The lease time in force here: the system property, the environment, or the default. */
    public static double seconds() {
        String value = System.getProperty("djlab.lease.seconds", System.getenv("DJLAB_LEASE_SECONDS"));
        if (value != null && !value.isBlank()) {
            try {
                double s = Double.parseDouble(value.trim());
                if (s > 0 && Double.isFinite(s)) return s;
            } catch (NumberFormatException ignored) {
                // the default below
            }
        }
        return DEFAULT_SECONDS;
    }

    /** This host's name as leases record it. */
    public static String host() {
        String name = System.getProperty("djlab.host", System.getenv("DJLAB_HOST"));
        if (name != null && !name.isBlank()) return name.trim();
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return "localhost";
            }
        }
    }

    /** A holder record for a process of this host (the current one, or in tests another). */
    public static Holder holderFor(ProcessHandle process, double leaseSeconds) {
        long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new Holder(host(), process.pid(), started, leaseSeconds, UUID.randomUUID().toString(),
                Instant.now().toString());
    }

    /**
     * Tries to take the lease on {@code file}: the lease, held and renewed from now on, or empty when a live holder
     * has it (then {@link #look} says who).
     */
    public static Optional<Lease> acquire(Path file) {
        Holder me = holderFor(ProcessHandle.current(), seconds());
        byte[] record = json(me);
        // Known as held before the lock exists: another thread of this process that reads the new lock in the moment
        // after its creation must find it alive (a lock of this process not in HELD counts as left behind, dead).
        Lease pending = new Lease(file, me);
        HELD.put(me.token(), pending);
        boolean won = false;
        try {
            Files.createDirectories(file.getParent());
            for (int attempt = 0; attempt < 20; attempt++) {
                if (createExclusively(file, record, me.token())) {
                    won = true;
                    return Optional.of(start(pending));
                }
                byte[] seen;
                FileTime heartbeat;
                try {
                    seen = Files.readAllBytes(file);
                    heartbeat = Files.getLastModifiedTime(file);
                } catch (NoSuchFileException gone) {
                    continue; // let go meanwhile: try again
                }
                if (alive(parse(seen), heartbeat.toInstant(), file)) return Optional.empty();
                if (takeOver(file, seen, record, me.token())) {
                    won = true;
                    return Optional.of(start(pending));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!won) HELD.remove(me.token());
        }
    }

    /** What {@code file} says now: empty when there is no lock. */
    public static Optional<State> look(Path file) {
        try {
            byte[] content = Files.readAllBytes(file);
            Instant heartbeat = Files.getLastModifiedTime(file).toInstant();
            Holder holder = parse(content);
            return Optional.of(new State(holder, heartbeat, alive(holder, heartbeat, file)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True while this process holds the lease and no one has taken it over. */
    public boolean held() {
        return !lost && HELD.containsKey(holder.token());
    }

    /** True once another process has taken the lease over (this one stopped renewing it for longer than a lease). */
    public boolean lost() {
        return lost;
    }

    public Holder holder() {
        return holder;
    }

    /** Looks at the lock now (not at the last heartbeat): true while it is still this lease's. */
    public boolean confirm() {
        if (lost) return false;
        try {
            if (!isMine(file, holder.token())) lost = true;
        } catch (IOException e) {
            // unreadable for a moment: the heartbeat decides
        }
        return !lost;
    }

    /** Stops renewing and removes the lock, if it is still this lease's. */
    public void release() {
        HELD.remove(holder.token());
        if (beat != null) beat.cancel(false);
        try {
            if (isMine(file, holder.token())) Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Lease start(Lease lease) {
        long everyMillis = renewalMillis(lease.holder.leaseSeconds());
        lease.beat = HEARTBEAT.scheduleWithFixedDelay(lease::renew, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        return lease;
    }

    /** How often a lease of {@code seconds} is renewed: every few seconds, four times within a lease at least. */
    public static long renewalMillis(double seconds) {
        return (long) Math.max(100, Math.min(5000, seconds * 1000 / 4));
    }

    /** The heartbeat: touches the lock while it is still this lease's; notices when it is not. */
    private void renew() {
        if (lost || !HELD.containsKey(holder.token())) return;
        try {
            if (!isMine(file, holder.token())) {
                lost = true;
                return;
            }
            Instant now = Instant.now();
            Files.setLastModifiedTime(file, FileTime.from(now));
            renewed = now;
        } catch (IOException | RuntimeException e) {
            // A passing failure (a network folder's hiccup) is retried; a lease not renewed in time may be taken over.
            if (Duration.between(renewed, Instant.now()).toMillis() > holder.leaseSeconds() * 1000) lost = true;
        }
    }

    private static boolean isMine(Path file, String token) throws IOException {
        try {
            Holder h = parse(Files.readAllBytes(file));
            return h != null && token.equals(h.token());
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Whether the lock's holder still holds it. {@code holder} null: a lock not (yet) readable as a record, e.g. being
     * written, or a bare pid written by an earlier version; judged by its pid if it is one, else by its age.
     */
    static boolean alive(Holder holder, Instant heartbeat, Path file) {
        if (holder == null) return legacyAlive(file, heartbeat);
        if (HELD.containsKey(holder.token())) return true; // another run of this process holds it
        if (holder.host().equals(host())) {
            Optional<ProcessHandle> process = ProcessHandle.of(holder.pid()).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) return false;
            if (process.get().pid() == ProcessHandle.current().pid()) return false; // ours, not held: left behind
            Optional<Instant> started = process.get().info().startInstant();
            // A pid reused by a process that started at another time is not the holder.
            return holder.started() == 0 || started.isEmpty()
                    || Math.abs(started.get().toEpochMilli() - holder.started()) < 1000;
        }
        double lease = holder.leaseSeconds() > 0 ? holder.leaseSeconds() : seconds();
        return Duration.between(heartbeat, Instant.now()).toMillis() < lease * 1000;
    }

    /** A lock that is only a pid (earlier versions), or not readable yet. */
    private static boolean legacyAlive(Path file, Instant written) {
        String text;
        try {
            text = Files.readString(file).trim();
        } catch (IOException e) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            // Being written right now, or garbage: alive only while fresh.
            return Duration.between(written, Instant.now()).toMillis() < seconds() * 1000;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || pid == ProcessHandle.current().pid()) return false;
        // The lock was written by a process already running then: one started after it is a reused pid.
        return process.get().info().startInstant().map(s -> !s.isAfter(written.plusSeconds(1))).orElse(true);
    }

    static Holder parse(byte[] content) {
        if (content.length == 0 || content[0] != '{') return null;
        try {
            // Read field by field, so a lock written by a later version with more fields still reads.
            com.fasterxml.jackson.databind.JsonNode node = SpecFiles.json().readTree(content);
            if (!node.path("host").isTextual() || !node.path("token").isTextual() || !node.path("pid").canConvertToLong()) {
                return null;
            }
            return new Holder(node.path("host").asText(), node.path("pid").asLong(), node.path("started").asLong(0),
                    node.path("lease_seconds").asDouble(0), node.path("token").asText(),
                    node.path("acquired").isTextual() ? node.path("acquired").asText() : null);
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] json(Holder holder) {
        try {
            return (SpecFiles.json().writeValueAsString(holder) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates {@code file} with {@code content} only if it does not exist, in one step: written beside it, then hard
     * linked into place (which fails if the file exists), so no reader ever sees it half written. Where the file
     * system has no hard links, an exclusive create and a write.
     */
    static boolean createExclusively(Path file, byte[] content, String token) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + "." + token + ".tmp");
        try {
            Files.write(tmp, content);
            try {
                Files.createLink(file, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException e) {
                try {
                    Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    return true;
                } catch (FileAlreadyExistsException taken) {
                    return false;
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Replaces the dead lock that read as {@code seen} with this claimant's, under a guard that no two claimants hold
     * at once, so one claimant can never move aside a lock another has just made: true when this one now holds it.
     * The guard is an OS lock on {@code run.lock.takeover} (released by the OS if its holder dies; over NFS through
     * its lock manager), removed again afterwards. A claimant that waited on a guard file removed meanwhile holds
     * the lock of a file no longer at that path: the token it writes into the locked file and reads back through
     * the path tells it so, and it looks again.
     */
    private static boolean takeOver(Path file, byte[] seen, byte[] record, String token) throws IOException {
        Path guard = file.resolveSibling(file.getFileName() + ".takeover");
        byte[] mark = token.getBytes(StandardCharsets.UTF_8);
        // An OS file lock is held per process: the threads of one process take turns here first.
        synchronized (TAKEOVER) {
            try (FileChannel channel = FileChannel.open(guard, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = channel.lock()) {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(mark), 0);
                try {
                    if (!Arrays.equals(Files.readAllBytes(guard), mark)) return false;
                } catch (NoSuchFileException removed) {
                    return false;
                }
                try {
                    byte[] now;
                    try {
                        now = Files.readAllBytes(file);
                    } catch (NoSuchFileException letGo) {
                        return createExclusively(file, record, token);
                    }
                    // Still the dead lock seen before (not taken over, not renewed in the meantime): remove and replace.
                    if (!Arrays.equals(now, seen) || alive(parse(now), Files.getLastModifiedTime(file).toInstant(), file)) {
                        return false;
                    }
                    Files.delete(file);
                    return createExclusively(file, record, token);
                } finally {
                    Files.deleteIfExists(guard);
                }
            }
        }
    }

    /** For tests: writes {@code holder}'s record as the lock {@code file}, as its process would. */
    public static void write(Path file, Holder holder) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, json(holder));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
