package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.junit.jupiter.api.Test;

/** One system cannot answer for another, nor an employee for its system; an untrusted certificate answers for nobody. */
class PeerCheckTest {
    private static final String GBDFL_BIN = "050740006607";

    @Test
    void theCalledOrganisationsCertificateIsAccepted() {
        var check = PeerCheck.organisation(SharedTestPki.validator(), GBDFL_BIN, FaultCode.STATE_SYSTEM_UNAVAILABLE);
        assertThatCode(() -> check.accept(SharedTestPki.key("gbdfl").certificate())).doesNotThrowAnyException();
    }

    @Test
    void anotherOrganisationCannotAnswer() {
        var check = PeerCheck.organisation(SharedTestPki.validator(), GBDFL_BIN, FaultCode.STATE_SYSTEM_UNAVAILABLE);
        assertThatThrownBy(() -> check.accept(SharedTestPki.key("enis").certificate()))
                .isInstanceOfSatisfying(ShepException.class, e -> org.assertj.core.api.Assertions.assertThat(e.code())
                        .isEqualTo(FaultCode.STATE_SYSTEM_UNAVAILABLE));
    }

    /** The ЦОН operator's personal certificate carries the ЦОН's БИН, yet it is not the ЦОН's system. */
    @Test
    void anEmployeeCannotAnswerForTheSystem() {
        String conBin = SubjectIdentity.of(SharedTestPki.key("con").certificate()).bin();
        var check = PeerCheck.organisation(SharedTestPki.validator(), conBin, FaultCode.SENDER_NOT_AUTHORISED);
        assertThatCode(() -> check.accept(SharedTestPki.key("con").certificate())).doesNotThrowAnyException();
        assertThatThrownBy(() -> check.accept(SharedTestPki.key("operator-con").certificate()))
                .isInstanceOfSatisfying(ShepException.class, e -> org.assertj.core.api.Assertions.assertThat(e.code())
                        .isEqualTo(FaultCode.SENDER_NOT_AUTHORISED));
    }

    @Test
    void anUntrustedCertificateCannotAnswer() {
        var check = PeerCheck.organisation(SharedTestPki.validator(), GBDFL_BIN, FaultCode.STATE_SYSTEM_UNAVAILABLE);
        assertThatThrownBy(() -> check.accept(SharedTestPki.key("untrusted").certificate()))
                .isInstanceOf(ShepException.class);
    }
}
