package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityTest {

    @Test
    void citizenIdentityComesFromSerialNumber() {
        SubjectIdentity identity = SubjectIdentity.of(SharedTestPki.key("citizen-aigerim").certificate());
        assertThat(identity).isEqualTo(new SubjectIdentity("850315401201", null, "NURLANOVA AIGERIM"));
    }

    @Test
    void employeeHasIinAndBin() {
        SubjectIdentity identity = SubjectIdentity.of(SharedTestPki.key("operator-con").certificate());
        assertThat(identity).isEqualTo(new SubjectIdentity("900712302302", "081240003305", "TULEUOV NURZHAN"));
    }

    @Test
    void systemCertificateHasOnlyBin() {
        SubjectIdentity identity = SubjectIdentity.of(SharedTestPki.key("gateway").certificate());
        assertThat(identity).isEqualTo(new SubjectIdentity(null, "190140005506", "QAQPA GATEWAY"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"850315401201", "881122303409", "660427402182", "931002451325", "190140005506"})
    void validNumbers(String number) {
        assertThat(IdentificationNumber.isValid(number)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"850315401202", "123456789012", "12345678901", "85031540120a", ""})
    void invalidNumbers(String number) {
        assertThat(IdentificationNumber.isValid(number)).isFalse();
    }

    /** A right check digit over a birth date that does not exist is no person's ИИН; a БИН is not read as a date. */
    @Test
    void anIinNamesADayThatExists() {
        assertThat(IdentificationNumber.isValidIin("850315401201")).isTrue();
        assertThat(IdentificationNumber.isValid("250229504507")).isTrue();
        assertThat(IdentificationNumber.isValidIin("250229504507")).as("February 29 of 2025").isFalse();
        assertThat(IdentificationNumber.isValidIin("211309504507")).as("month 13").isFalse();
        assertThat(IdentificationNumber.isValidIin("850315401202")).as("check digit").isFalse();
        assertThat(IdentificationNumber.isValidIin("190140005506")).as("a seventh digit naming no century").isTrue();
    }

    @Test
    void nullIsInvalid() {
        assertThat(IdentificationNumber.isValid(null)).isFalse();
    }

    @Test
    void birthDateAndGenderFromTheSeventhDigit() {
        assertThat(IdentificationNumber.birthDate("850315401201")).isEqualTo(LocalDate.of(1985, 3, 15));
        assertThat(IdentificationNumber.gender("850315401201")).isEqualTo(IdentificationNumber.Gender.FEMALE);
        assertThat(IdentificationNumber.birthDate("881122303409")).isEqualTo(LocalDate.of(1988, 11, 22));
        assertThat(IdentificationNumber.gender("881122303409")).isEqualTo(IdentificationNumber.Gender.MALE);
    }

    @Test
    void birthDateOfAnInvalidIinIsSce021() {
        assertThatThrownBy(() -> IdentificationNumber.birthDate("850315401202"))
                .isInstanceOf(ShepException.class)
                .extracting(e -> ((ShepException) e).code()).isEqualTo(FaultCode.INVALID_IIN);
    }
}
