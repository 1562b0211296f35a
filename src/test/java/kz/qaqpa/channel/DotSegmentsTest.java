package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import kz.qaqpa.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link RequestBodyGuard}'s check for a "." or ".." segment in a request's path (every request on the channels' port
 * passes it, before CXF): the paths it refuses, and that it reads a path in place (perf61b: it split the path, a list,
 * an array and a string a segment at every request). HostileInputTest and HostileFramingTest send such paths over HTTP.
 */
class DotSegmentsTest {
    private static final String[] SERVED = {"/shep/sync", "/shep/async", "/catalogue/GBDFL_PERSON", "/xsd/person.xsd"};
    /** Calls a measure: the few KB {@link Allocations} takes for itself are under a byte a call. */
    private static final int CALLS = 100_000;

    @ParameterizedTest
    @CsvSource({"/shep/async/../../x, true", "/shep/async/.., true", "/shep/./sync, true", "/., true", "., true",
            ".., true", "./x, true", "/shep/sync/., true", "/shep/sync, false", "/shep/.../sync, false",
            "/shep/.x, false", "/shep/x., false", "/shep/sync/, false", "//, false", "'', false", "/..., false"})
    void aDotOrDotDotSegmentIsFound(String path, boolean found) {
        assertThat(RequestBodyGuard.hasDotSegment(path)).as(path).isEqualTo(found);
    }

    /** Every path of up to 7 characters of '/', '.' and 'a': found exactly where a segment split out is "." or "..". */
    @Test
    void theSameAnswerAsTheSegmentsSplitOut() {
        for (String path : paths(7)) {
            boolean split = false;
            for (String segment : path.split("/", -1)) {
                split |= ".".equals(segment) || "..".equals(segment);
            }
            assertThat(RequestBodyGuard.hasDotSegment(path)).as("'%s'", path).isEqualTo(split);
        }
    }

    @Test
    void aServedPathIsReadWithoutAllocating() {
        String current = Thread.currentThread().getName();
        boolean[] found = {false};
        Runnable calls = () -> {
            for (int i = 0; i < CALLS; i++) {
                found[0] |= RequestBodyGuard.hasDotSegment(SERVED[i % SERVED.length]);
            }
        };
        calls.run(); // compiled, as in the gateway
        long least = Long.MAX_VALUE;
        for (int tries = 0; tries < 5 && least >= CALLS; tries++) {
            least = Math.min(least, Allocations.during(current::equals, calls));
        }
        assertThat(found[0]).isFalse();
        assertThat(least).as("bytes allocated by %d checks of served paths", CALLS).isLessThan(CALLS);
    }

    private static List<String> paths(int longest) {
        List<String> paths = new ArrayList<>(List.of(""));
        List<String> last = List.of("");
        for (int length = 1; length <= longest; length++) {
            List<String> next = new ArrayList<>();
            for (String prefix : last) {
                for (char c : new char[] {'/', '.', 'a'}) {
                    next.add(prefix + c);
                }
            }
            paths.addAll(next);
            last = next;
        }
        return paths;
    }
}
