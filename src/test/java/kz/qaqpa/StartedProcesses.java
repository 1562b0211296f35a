package kz.qaqpa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * review67b J2: the processes a test JVM started (ShippedJarIT's jars), each recorded in a file of {@code directory}
 * (under target/) until it is stopped, so that the next run stops one a killed test JVM left running. A test JVM
 * stopped by SIGKILL (a failsafe timeout, an OOM killer) runs no shutdown hook, and its {@code java -jar} child goes on
 * holding the gateway's ports: the next run's start then failed on "Address already in use" with no word of the
 * leftover. A record holds the process's id and its start time, so a process id the system has since given to
 * another process is left alone.
 */
final class StartedProcesses {
    private static final String SUFFIX = ".pid";
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private final Path directory;
    /** A process's start time, as the system tells it (none where it tells none). */
    private final Function<ProcessHandle, Optional<Instant>> startTimes;

    StartedProcesses(Path directory) {
        this(directory, process -> process.info().startInstant());
    }

    /** With the start times {@code startTimes} gives: a test's system that tells none. */
    StartedProcesses(Path directory, Function<ProcessHandle, Optional<Instant>> startTimes) {
        this.directory = directory;
        this.startTimes = startTimes;
    }

    /** Records {@code process} until {@link #forget}. */
    void record(ProcessHandle process) {
        try {
            Files.createDirectories(directory);
            Files.writeString(file(process.pid()), startOf(process).map(Instant::toString).orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code process} ended or was stopped: no later run is to stop it. */
    void forget(ProcessHandle process) {
        try {
            Files.deleteIfExists(file(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills every recorded process that still runs (the same id and start time, both known: a run before this one was
     * killed before it stopped it) and forgets every record; returns the ids of those killed, for the run to say so.
     */
    List<Long> stopLeftovers() {
        List<Long> killed = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return killed;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                String name = file.getFileName().toString();
                long pid = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
                String started = Files.readString(file);
                // review68b 4: an unknown start time (either one) tells no process from another given the id since
                Optional<ProcessHandle> leftover = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .filter(p -> !started.isEmpty() && startOf(p).map(Instant::toString).orElse("")
                                .equals(started));
                if (leftover.isPresent()) {
                    kill(leftover.get());
                    killed.add(pid);
                }
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return killed;
    }

    private static void kill(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the leftover process " + process.pid() + " did not end within "
                    + STOP_WAIT, e);
        }
    }

    private Optional<Instant> startOf(ProcessHandle process) {
        return startTimes.apply(process);
    }

    private Path file(long pid) {
        return directory.resolve(pid + SUFFIX);
    }
}
