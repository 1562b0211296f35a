package kz.qaqpa.mocks.gbdul;

import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.legalentity.LegalEntity;
import kz.qaqpa.document.legalentity.LegalEntityNotFound;
import kz.qaqpa.document.legalentity.LegalEntityRequest;
import kz.qaqpa.mocks.soap.Csv;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.soap.KeyedRegistryMock;
import kz.qaqpa.trust.KeyMaterial;
import org.w3c.dom.Element;

/**
 * ГБД ЮЛ (state database of legal entities) behind the ШЭП sync channel: {@code SendMessage} with a
 * {@code legalEntityRequest} in requestData/data answers {@code legalEntity} (name, form, status, legal address and
 * head) or {@code legalEntityNotFound}. Entities come from {@code mocks/data/legal-entities.csv}; answers are signed
 * with the mock's key (test PKI alias {@code gbdul}).
 */
public final class GbdulMock extends KeyedRegistryMock<GbdulMock.LegalEntityRecord, LegalEntity> {
    public static final String PATH = "/gbdul/sync";
    public static final String DATA = "mocks/data/legal-entities.csv";
    private static final String NS = "http://qaqpa.kz/registry/legal-entity/v1";

    /** One row of legal-entities.csv. */
    public record LegalEntityRecord(String bin, String name, String legalForm, LocalDate registrationDate,
                                    String status, String address, String directorIin, String directorLastName,
                                    String directorFirstName, String directorMiddleName) {
    }

    /** With the entities of {@value #DATA}. */
    public GbdulMock(int port, KeyMaterial key, Consumer<X509Certificate> peerCheck) {
        super("GBD UL mock", port, PATH, key, peerCheck, "ГБД ЮЛ", new QName(NS, "legalEntityRequest"), loadDefault(),
                LegalEntityRecord::bin);
    }

    public static List<LegalEntityRecord> loadDefault() {
        return Csv.load(DATA).stream().map(GbdulMock::entity).toList();
    }

    private static LegalEntityRecord entity(Map<String, String> row) {
        return new LegalEntityRecord(row.get("bin"), row.get("name"), row.get("legalForm"),
                LocalDate.parse(row.get("registrationDate")), row.get("status"), row.get("address"),
                row.get("directorIin"), row.get("directorLastName"), row.get("directorFirstName"),
                row.get("directorMiddleName").isEmpty() ? null : row.get("directorMiddleName"));
    }

    @Override
    protected String requestedKey(Element request) {
        return ShepXml.fromNode(request, LegalEntityRequest.class).getBin();
    }

    @Override
    protected LegalEntity answer(LegalEntityRecord r) {
        LegalEntity e = new LegalEntity();
        e.setBin(r.bin());
        e.setName(r.name());
        e.setLegalForm(r.legalForm());
        e.setRegistrationDate(DataElements.date(r.registrationDate()));
        e.setStatus(r.status());
        e.setAddress(r.address());
        LegalEntity.Director director = new LegalEntity.Director();
        director.setIin(r.directorIin());
        director.setLastName(r.directorLastName());
        director.setFirstName(r.directorFirstName());
        director.setMiddleName(r.directorMiddleName());
        e.setDirector(director);
        return e;
    }

    @Override
    protected LegalEntityNotFound notFound(String bin) {
        LegalEntityNotFound notFound = new LegalEntityNotFound();
        notFound.setBin(bin);
        return notFound;
    }
}
