package kz.qaqpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * review67b J2 (jar68): a test JVM killed by SIGKILL leaves the process it started running (ShippedJarIT's
 * {@code java -jar}, here a {@code sleep}); the next run's {@link StartedProcesses#stopLeftovers} stops it from the
 * record the killed JVM wrote, and leaves alone a process that merely got a recorded id again.
 */
class StartedProcessesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** What the killed JVM starts and leaves behind: a process that outlives the test by far unless stopped. */
    private static final List<String> LONG_SLEEP = List.of("sleep", "600");
    private Path directory;
    private Path records;

    @BeforeEach
    void directories() {
        directory = TemporaryDirectory.create("qaqpa-started-");
        records = directory.resolve("records");
    }

    @AfterEach
    void remove() {
        TemporaryDirectory.delete(directory);
    }

    @Test
    void aProcessLeftRunningByAKilledTestJvmIsStoppedByTheNextRun() throws Exception {
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KilledRun.class.getName(), records.toString())
                .redirectErrorStream(true).start();
        long pid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the run's child's process id").isNotNull().containsOnlyDigits();
            pid = Long.parseLong(line);
            run.destroyForcibly();
            assertThat(run.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the run killed").isTrue();
        }
        ProcessHandle leftover = ProcessHandle.of(pid).orElseThrow();
        try {
            assertThat(leftover.isAlive()).as("the killed run's child, left running").isTrue();

            assertThat(new StartedProcesses(records).stopLeftovers()).as("the leftovers stopped").containsExactly(pid);
            assertThat(leftover.onExit()).as("the leftover's end").succeedsWithin(WAIT);
            assertThat(records).as("its record").isEmptyDirectory();
        } finally {
            leftover.destroyForcibly();
        }
    }

    @Test
    void aRecordWhoseProcessIdNamesAnotherProcessNowKillsNothing() throws Exception {
        Process other = new ProcessBuilder(LONG_SLEEP).start();
        try {
            // the record of a process that started long before this one under the same id
            Files.createDirectories(records);
            Files.writeString(records.resolve(other.pid() + ".pid"), Instant.EPOCH.toString());

            assertThat(new StartedProcesses(records).stopLeftovers()).as("the leftovers stopped").isEmpty();
            assertThat(other.isAlive()).as("the process that has the id now").isTrue();
            assertThat(records).as("the stale record").isEmptyDirectory();
        } finally {
            other.destroyForcibly();
        }
    }

    /**
     * start69 (review68b 4): where the system tells no start time, a record cannot tell the process it names from
     * another given the id since, so it kills nothing: neither when the record's start time is unknown nor when the
     * live process's is. Before, a record and a live process both without one were taken as the same, and killed.
     */
    @Test
    void aProcessWhoseStartTimeIsUnknownIsNeverKilled() throws Exception {
        Process other = new ProcessBuilder(LONG_SLEEP).start();
        StartedProcesses untold = new StartedProcesses(records, process -> java.util.Optional.empty());
        StartedProcesses told = new StartedProcesses(records);
        try {
            for (StartedProcesses[] recordedAndStopping : List.of(new StartedProcesses[] {untold, untold},
                    new StartedProcesses[] {untold, told}, new StartedProcesses[] {told, untold})) {
                recordedAndStopping[0].record(other.toHandle());
                assertThat(recordedAndStopping[1].stopLeftovers()).as("the leftovers stopped").isEmpty();
                assertThat(other.isAlive()).as("the process that has the id").isTrue();
                assertThat(records).as("the record").isEmptyDirectory();
            }
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void aProcessStoppedAndForgottenIsNoLeftover() throws Exception {
        Process stopped = new ProcessBuilder(LONG_SLEEP).start();
        StartedProcesses started = new StartedProcesses(records);
        started.record(stopped.toHandle());
        stopped.destroyForcibly().waitFor();
        started.forget(stopped.toHandle());

        assertThat(records).as("the records").isEmptyDirectory();
        assertThat(started.stopLeftovers()).as("the leftovers stopped").isEmpty();
    }

    /** A test JVM that starts a process, records it, says its id and waits to be killed. */
    static final class KilledRun {
        public static void main(String[] args) throws IOException, InterruptedException {
            Process child = new ProcessBuilder(LONG_SLEEP).start();
            new StartedProcesses(Path.of(args[0])).record(child.toHandle());
            System.out.println(child.pid());
            System.out.flush();
            Thread.sleep(WAIT.multipliedBy(4).toMillis());
        }
    }
}
