package kz.qaqpa.mocks.walkthrough;

import java.time.Instant;
import kz.qaqpa.document.kindergarten.QualityQuestionnaire;
import kz.qaqpa.document.kindergarten.Satisfaction;
import kz.qaqpa.mocks.soap.DataElements;

/**
 * Sample answers to the quality questionnaire of App. 12 about a finished application: the consumer answers its two
 * questions (the process and result; the information about the procedure) with one of the three printed answers.
 * Sign it like an application, with {@link ChannelClient#sign}, by the consumer.
 */
public final class SampleQuestionnaire {
    /** The service's name as the questionnaire's header blank «(қызметтің атауы)» takes it (the regulation's title). */
    public static final String SERVICE_NAME = "Қазақстан Республикасының мектепке дейінгі балалар ұйымдарына жолдама "
            + "беру үшін мектеп жасына дейінгі (7 жасқа дейінгі) балаларды тіркеу";

    private SampleQuestionnaire() {
    }

    /** Answers about the application {@code correlationId}, given now. */
    public static QualityQuestionnaire about(String correlationId, Satisfaction processAndResult, Satisfaction information) {
        QualityQuestionnaire q = new QualityQuestionnaire();
        q.setCorrelationId(correlationId);
        q.setServiceName(SERVICE_NAME);
        q.setProcessAndResultSatisfaction(processAndResult);
        q.setInformationSatisfaction(information);
        q.setAnsweredAt(DataElements.dateTime(Instant.now()));
        return q;
    }

    /** A consumer satisfied with the result, partially with the information given about the procedure. */
    public static QualityQuestionnaire about(String correlationId) {
        return about(correlationId, Satisfaction.SATISFIED, Satisfaction.PARTIALLY_SATISFIED);
    }
}
