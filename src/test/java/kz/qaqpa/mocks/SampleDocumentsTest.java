package kz.qaqpa.mocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import kz.qaqpa.channel.ContractSchemas;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.kindergarten.QualityQuestionnaire;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.mocks.walkthrough.SampleQuestionnaire;
import kz.qaqpa.trust.IdentificationNumber;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The sample documents the mocks build are what the schema of xsd/kindergarten-registration.xsd admits (the schema
 * compiled as the gateway compiles it), and their data fit together.
 */
class SampleDocumentsTest {
    private static final ContractSchemas SCHEMAS = new ContractSchemas(List.of("xsd/kindergarten-registration.xsd"));

    @ParameterizedTest
    @EnumSource(Channel.class)
    void eachChannelsSignedSampleValidates(Channel channel) {
        SampleApplication sample = SampleApplication.on(channel);
        SCHEMAS.validate(ChannelClient.sign(sample.build(), SharedTestPki.key(sample.signerAlias())));
    }

    /** Every optional field of Appendices 8 and 9 present at once, and still valid. */
    @Test
    void theFullSampleCarriesEveryOptionalFieldOfTheFormsAndValidates() {
        Element application = ShepXml.toElement(SampleApplication.on(Channel.PORTAL).full().build());
        SCHEMAS.validate(application);
        assertThat(paths(application)).contains(
                "application/applicant/name/middleName",
                "application/location/city",
                "application/kindergarten/name",
                "application/benefitCategory");
        assertThat(application.getElementsByTagNameNS("*", "kindergarten").getLength()).isEqualTo(3);
    }

    @Test
    void sampleDataFitTheirIdentificationNumbers() {
        Application a = SampleApplication.on(Channel.EASTANA).build();
        assertThat(IdentificationNumber.isValid(a.getApplicant().getIin())).isTrue();
        assertThat(IdentificationNumber.isValid(a.getChild().getIin())).isTrue();
        assertThat(ShepXml.toElement(a).getElementsByTagNameNS("*", "birthDate").item(0).getTextContent())
                .isEqualTo(IdentificationNumber.birthDate(a.getApplicant().getIin()).toString());
        assertThat(a.getChild().getSonOrDaughter()).isEqualTo("SON");
        assertThat(SampleApplication.on(Channel.PORTAL).build().getChild().getSonOrDaughter()).isEqualTo("DAUGHTER");
        assertThat(a.getApplicant().getAddress()).contains("Алматы ауданы");
    }

    @Test
    void aRequiredFieldOfTheFormMissingFailsTheSchema() {
        Application a = SampleApplication.on(Channel.PORTAL).build();
        a.getChild().setBirthRecordIssuedBy(null);
        assertThatThrownBy(() -> SCHEMAS.validate(ShepXml.toElement(a)))
                .isInstanceOf(ShepException.class).hasMessageContaining("birthRecordIssuedBy");
        Application blank = SampleApplication.on(Channel.PORTAL).build();
        blank.getApplicant().getIdentityDocument().setIssuedBy("   ");
        assertThatThrownBy(() -> SCHEMAS.validate(ShepXml.toElement(blank))).isInstanceOf(ShepException.class);
    }

    @Test
    void aSignedQuestionnaireValidates() {
        QualityQuestionnaire q = SampleQuestionnaire.about("{0a080880-c62d-4f2f-b9ba-32367f720e9a}");
        Element signed = ChannelClient.sign(q, SharedTestPki.key("citizen-aigerim"));
        SCHEMAS.validate(signed);
        assertThat(signed.getLocalName()).isEqualTo("qualityQuestionnaire");
        assertThat(first(signed, "processAndResultSatisfaction")).isEqualTo("SATISFIED");
        assertThat(first(signed, "informationSatisfaction")).isEqualTo("PARTIALLY_SATISFIED");
    }

    /** The answers are the three App. 12 prints, and both questions need one. */
    @Test
    void aQuestionnaireAnswersBothQuestionsWithAPrintedAnswer() {
        Element other = ShepXml.toElement(SampleQuestionnaire.about("{x}"));
        other.getElementsByTagNameNS("*", "informationSatisfaction").item(0).setTextContent("VERY_SATISFIED");
        assertThatThrownBy(() -> SCHEMAS.validate(other)).isInstanceOf(ShepException.class)
                .hasMessageContaining("VERY_SATISFIED");
        QualityQuestionnaire unanswered = SampleQuestionnaire.about("{x}");
        unanswered.setProcessAndResultSatisfaction(null);
        assertThatThrownBy(() -> SCHEMAS.validate(ShepXml.toElement(unanswered))).isInstanceOf(ShepException.class)
                .hasMessageContaining("processAndResultSatisfaction");
    }

    private static String first(Element parent, String localName) {
        return parent.getElementsByTagNameNS("*", localName).item(0).getTextContent();
    }

    /** The path of every element, by local names from the document element. */
    private static List<String> paths(Element root) {
        List<String> paths = new ArrayList<>();
        collect(root, root.getLocalName(), paths);
        return paths;
    }

    private static void collect(Element element, String path, List<String> paths) {
        paths.add(path);
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                collect(child, path + "/" + child.getLocalName(), paths);
            }
        }
    }
}
