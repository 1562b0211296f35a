package kz.qaqpa.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import jdk.jfr.consumer.RecordingFile;
import jdk.management.jfr.FlightRecorderMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profiler primed before the warm-ups leaves the step's recording nothing to retransform (perf63): a step's own
 * start redefined the JDK's socket classes at a safepoint (409 ms at load 28, just before (b)'s step), throwing away
 * compiled code the warm-up had made. Run in this JVM: the same bean calls as in the gateway's.
 */
class ProfilePrimingTest {
    @TempDir
    Path dir;

    @Test
    void aStepsRecordingAfterThePrimingRedefinesNoClass() throws Exception {
        readFromASocket(); // the socket classes loaded, as the gateway's are before its warm-up
        FlightRecorderMXBean jfr = ManagementFactory.getPlatformMXBean(FlightRecorderMXBean.class);
        GatewayProcess.primeProfiler(jfr);
        long step = GatewayProcess.startProfile(jfr);
        readFromASocket();
        jfr.stopRecording(step);
        Path file = dir.resolve("step.jfr");
        jfr.copyTo(step, file.toString());
        jfr.closeRecording(step);
        var operations = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecuteVMOperation"))
                .map(e -> e.getString("operation")).toList();
        assertThat(operations).noneMatch(op -> op.contains("Redefine") || op.contains("Retransform"));
    }

    private static void readFromASocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            OutputStream out = client.getOutputStream();
            out.write(1);
            out.flush();
            InputStream in = accepted.getInputStream();
            assertThat(in.read()).isEqualTo(1);
        }
    }
}
