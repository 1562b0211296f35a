package kz.qaqpa.mocks.enis;

import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.poa.PowerOfAttorney;
import kz.qaqpa.document.poa.PowerOfAttorneyNotFound;
import kz.qaqpa.document.poa.PowerOfAttorneyRequest;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.soap.Csv;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.soap.SyncRegistryMock;
import kz.qaqpa.trust.KeyMaterial;
import org.w3c.dom.Element;

/**
 * ЕНИС (unified notarial information system) behind the ШЭП sync channel: {@code powerOfAttorneyRequest} answers
 * {@code powerOfAttorney} (as registered, including revoked and expired ones: judging them is the caller's job) or
 * {@code powerOfAttorneyNotFound}. Data from {@code mocks/data/powers-of-attorney.csv}; test PKI alias {@code enis}.
 */
public final class EnisMock extends SyncRegistryMock {
    public static final String PATH = "/enis/sync";
    public static final String DATA = "mocks/data/powers-of-attorney.csv";
    private static final String NS = "http://qaqpa.kz/registry/power-of-attorney/v1";

    /** One row of powers-of-attorney.csv. */
    public record PowerOfAttorneyRecord(String number, String principalIin, String representativeIin, String notary,
                                        LocalDate issuedOn, LocalDate validUntil, String scope, boolean revoked) {
    }

    private final Map<String, PowerOfAttorneyRecord> records = new LinkedHashMap<>();

    public EnisMock(int port, KeyMaterial key, Consumer<X509Certificate> peerCheck) {
        this(port, key, peerCheck, loadDefault());
    }

    public EnisMock(int port, KeyMaterial key, Consumer<X509Certificate> peerCheck, List<PowerOfAttorneyRecord> records) {
        super("ENIS mock", port, PATH, key, peerCheck);
        records.forEach(r -> this.records.put(r.number(), r));
    }

    public static List<PowerOfAttorneyRecord> loadDefault() {
        List<PowerOfAttorneyRecord> list = new ArrayList<>();
        for (Map<String, String> row : Csv.load(DATA)) {
            list.add(new PowerOfAttorneyRecord(row.get("number"), row.get("principalIin"), row.get("representativeIin"),
                    row.get("notary"), LocalDate.parse(row.get("issuedOn")), LocalDate.parse(row.get("validUntil")),
                    row.get("scope"), Boolean.parseBoolean(row.get("revoked"))));
        }
        return list;
    }

    public Optional<PowerOfAttorney> find(String number) {
        PowerOfAttorneyRecord r = records.get(number);
        if (r == null) {
            return Optional.empty();
        }
        PowerOfAttorney p = new PowerOfAttorney();
        p.setNumber(r.number());
        p.setPrincipalIin(r.principalIin());
        p.setRepresentativeIin(r.representativeIin());
        p.setNotary(r.notary());
        p.setIssuedOn(DataElements.date(r.issuedOn()));
        p.setValidUntil(DataElements.date(r.validUntil()));
        p.setScope(r.scope());
        p.setRevoked(r.revoked());
        return Optional.of(p);
    }

    @Override
    protected Object lookup(Element request) {
        if (!DataElements.is(request, NS, "powerOfAttorneyRequest")) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "ЕНИС expects {" + NS + "}powerOfAttorneyRequest, got {"
                    + request.getNamespaceURI() + "}" + request.getLocalName());
        }
        String number = ShepXml.fromNode(request, PowerOfAttorneyRequest.class).getNumber();
        return find(number).<Object>map(p -> p).orElseGet(() -> {
            PowerOfAttorneyNotFound notFound = new PowerOfAttorneyNotFound();
            notFound.setNumber(number);
            return notFound;
        });
    }
}
