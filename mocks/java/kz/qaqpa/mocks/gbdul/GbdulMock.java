package kz.qaqpa.mocks.gbdul;

import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.legalentity.LegalEntity;
import kz.qaqpa.document.legalentity.LegalEntityNotFound;
import kz.qaqpa.document.legalentity.LegalEntityRequest;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.soap.Csv;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.soap.SyncRegistryMock;
import kz.qaqpa.trust.KeyMaterial;
import org.w3c.dom.Element;

/**
 * ГБД ЮЛ (state database of legal entities) behind the ШЭП sync channel: {@code SendMessage} with a
 * {@code legalEntityRequest} in requestData/data answers {@code legalEntity} (name, form, status, legal address and
 * head) or {@code legalEntityNotFound}. Entities come from {@code mocks/data/legal-entities.csv}; answers are signed
 * with the mock's key (test PKI alias {@code gbdul}).
 */
public final class GbdulMock extends SyncRegistryMock {
    public static final String PATH = "/gbdul/sync";
    public static final String DATA = "mocks/data/legal-entities.csv";
    private static final String NS = "http://qaqpa.kz/registry/legal-entity/v1";

    /** One row of legal-entities.csv. */
    public record LegalEntityRecord(String bin, String name, String legalForm, LocalDate registrationDate,
                                    String status, String address, String directorIin, String directorLastName,
                                    String directorFirstName, String directorMiddleName) {
    }

    private final Map<String, LegalEntityRecord> entities = new LinkedHashMap<>();

    /** With the entities of {@value #DATA}. */
    public GbdulMock(int port, KeyMaterial key, Consumer<X509Certificate> peerCheck) {
        this(port, key, peerCheck, loadDefault());
    }

    public GbdulMock(int port, KeyMaterial key, Consumer<X509Certificate> peerCheck, List<LegalEntityRecord> entities) {
        super("GBD UL mock", port, PATH, key, peerCheck);
        entities.forEach(e -> this.entities.put(e.bin(), e));
    }

    public static List<LegalEntityRecord> loadDefault() {
        List<LegalEntityRecord> list = new ArrayList<>();
        for (Map<String, String> row : Csv.load(DATA)) {
            list.add(new LegalEntityRecord(row.get("bin"), row.get("name"), row.get("legalForm"),
                    LocalDate.parse(row.get("registrationDate")), row.get("status"), row.get("address"),
                    row.get("directorIin"), row.get("directorLastName"), row.get("directorFirstName"),
                    row.get("directorMiddleName").isEmpty() ? null : row.get("directorMiddleName")));
        }
        return list;
    }

    /** The entity as the mock would answer it. */
    public Optional<LegalEntity> find(String bin) {
        LegalEntityRecord r = entities.get(bin);
        if (r == null) {
            return Optional.empty();
        }
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
        return Optional.of(e);
    }

    @Override
    protected Object lookup(Element request) {
        if (!DataElements.is(request, NS, "legalEntityRequest")) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "ГБД ЮЛ expects {" + NS + "}legalEntityRequest, got {"
                    + request.getNamespaceURI() + "}" + request.getLocalName());
        }
        String bin = ShepXml.fromNode(request, LegalEntityRequest.class).getBin();
        return find(bin).<Object>map(e -> e).orElseGet(() -> {
            LegalEntityNotFound notFound = new LegalEntityNotFound();
            notFound.setBin(bin);
            return notFound;
        });
    }
}
