package kz.qaqpa.regulation;

import java.util.List;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * What the regulation's checks need from an application, whatever the service's document looks like. The route
 * file names where each fact sits in its document (variables {@code field.<name>}, see {@link DocumentFields});
 * a fact the service does not have is null.
 */
public record ApplicationFacts(String serviceCode, String channel, String applicantIin, String applicantBin,
                               String childIin, String operatorIin, String representativeIin,
                               String powerOfAttorneyNumber) {

    public static final List<String> FIELDS = List.of("serviceCode", "channel", "applicantIin", "applicantBin",
            "childIin", "operatorIin", "representativeIin", "powerOfAttorneyNumber");

    public static ApplicationFacts read(Exchange exchange, Element document) {
        String[] v = new String[FIELDS.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = DocumentFields.read(document, exchange.getVariable("field." + FIELDS.get(i), String.class));
        }
        return new ApplicationFacts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }
}
