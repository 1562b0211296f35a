package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
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

    /**
     * attack69: within a multi-valued RDN the attribute of the type asked is read, not the RDN's first (C=KZ sorts
     * before the ИИН): an employee's ИИН there is still found, so the certificate is no system's.
     */
    @Test
    void anIinInAMultiValuedRdnIsRead() {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.OU, "BIN041040008807")
                .addMultiValuedRDN(new ASN1ObjectIdentifier[] {BCStyle.C, BCStyle.SERIALNUMBER},
                        new String[] {"KZ", "IIN750618409005"}).addRDN(BCStyle.CN, "ISMAILOVA ZHANAR").build();
        SubjectIdentity identity = SubjectIdentity.of(named(name));
        assertThat(identity).isEqualTo(new SubjectIdentity("750618409005", "041040008807", "ISMAILOVA ZHANAR"));
        assertThat(identity.isSystem()).isFalse();
    }

    /** attack69: two different ИИН are a conflict the validator refuses; one БИН written twice is none. */
    @Test
    void twoDifferentNumbersOfOneKindAreAConflict() {
        X500Name twoIins = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.SERIALNUMBER, "IIN881122303409")
                .addRDN(BCStyle.SERIALNUMBER, "IIN850315401201").addRDN(BCStyle.CN, "NURLANOVA AIGERIM").build();
        assertThat(SubjectIdentity.of(named(twoIins)).conflicts()).containsExactly("ИИН 881122303409, 850315401201");
        X500Name oneBin = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.SERIALNUMBER, "BIN041040008807")
                .addRDN(BCStyle.OU, "BIN041040008807").addRDN(BCStyle.CN, "EGOV PORTAL").build();
        assertThat(SubjectIdentity.of(named(oneBin))).isEqualTo(new SubjectIdentity(null, "041040008807", "EGOV PORTAL"));
    }

    /** A certificate in {@code name} the test НУЦ's issuing CA issues (the portal's usages). */
    private static java.security.cert.X509Certificate named(X500Name name) {
        var pki = SharedTestPki.pki();
        return pki.issueNamed("portal", name, pki.defaultAlgorithm().newKeyPair(), b -> { }).certificate();
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
