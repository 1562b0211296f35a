package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionIdsTest {

    /** A state system echoing the gateway's session in capitals names the same session (common/v10 guid). */
    @Test
    void aGuidInOtherCaseNamesTheSameSession() {
        String sent = SessionIds.next();
        assertThat(sent).matches("\\{[a-fA-F0-9]{8}(-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}\\}");
        assertThat(SessionIds.same(sent.toUpperCase(), sent)).isTrue();
        assertThat(SessionIds.same(SessionIds.next(), sent)).isFalse();
    }
}
