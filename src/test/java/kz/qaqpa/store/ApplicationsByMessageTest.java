package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session 51 (perf51c, store V34): an application is found by its sender's messageId through the narrow table
 * application_by_message, and the application's own rows keep no index by messageId. A channel's messageIds are random,
 * so an index of the application's rows by them made each intake's insert walk old applications' rows (about 4.2 KB
 * each with their result, read back from the data file when the row cache had let them go: perf50c).
 */
class ApplicationsByMessageTest {
    @RegisterExtension
    final FreshStore store = new FreshStore();

    @Test
    void anApplicationIsFoundByItsSendersExactMessageIdAndByNoOther() {
        Applications applications = new Applications(store.db());
        applications.insert(stored("a-portal", "PORTAL", "m-1"));
        applications.insert(stored("a-con", "CON", "m-1"));

        assertThat(applications.byMessage("PORTAL", "m-1")).map(Applications.Application::correlationId)
                .contains("a-portal");
        assertThat(applications.byMessage("CON", "m-1")).map(Applications.Application::correlationId)
                .contains("a-con");
        assertThat(applications.byMessage("PORTAL", "m-1 ")).as("identifiers compare exactly (V12)").isEmpty();
        assertThat(applications.byMessage("EASTANA", "m-1")).isEmpty();
        assertThat(applications.byMessage("PORTAL", "m-2")).isEmpty();
    }

    @Test
    void theIntakesInsertWalksNoIndexOfTheApplicationsRowsByMessageId() {
        List<String> indexed = store.db().query("SELECT DISTINCT column_name FROM information_schema.system_indexinfo"
                + " WHERE table_name = 'APPLICATION' ORDER BY column_name", rs -> rs.getString(1));
        assertThat(indexed).as("the application's indexes' columns").doesNotContain("MESSAGE_ID");

        String plan = String.join(" ", store.db().query("EXPLAIN PLAN FOR "
                + Applications.BY_MESSAGE.replace("?", "'PORTAL'"), rs -> rs.getString(1))).replaceAll("\\s+", " ");
        assertThat(plan).doesNotContain("FULL SCAN").contains("APPLICATION_BY_MESSAGE")
                .contains("PUBLIC.APPLICATION.CORRELATION_ID");
    }

    private static Applications.Application stored(String correlationId, String senderId, String messageId) {
        OffsetDateTime at = OffsetDateTime.parse("2026-12-05T10:00:00+05:00");
        return new Applications.Application(correlationId, "S", "PORTAL", senderId, messageId, "850315401201", null,
                "ON_DELIVERY", "ACCEPTED", "accepted", null, null, null, at, at);
    }
}
