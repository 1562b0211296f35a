package kz.qaqpa.mocks.enis;

import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.poa.PowerOfAttorney;
import kz.qaqpa.document.poa.PowerOfAttorneyNotFound;
import kz.qaqpa.document.poa.PowerOfAttorneyRequest;
import kz.qaqpa.mocks.soap.Csv;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.soap.KeyedRegistryMock;
import kz.qaqpa.trust.KeyMaterial;
import org.w3c.dom.Element;

/**
 * ЕНИС (unified notarial information system) behind the ШЭП sync channel: {@code powerOfAttorneyRequest} answers
 * {@code powerOfAttorney} (as registered, including revoked and expired ones: judging them is the caller's job) or
 * {@code powerOfAttorneyNotFound}. Data from {@code mocks/data/powers-of-attorney.csv}; test PKI alias {@code enis}.
 */
public final class EnisMock extends KeyedRegistryMock<EnisMock.PowerOfAttorneyRecord, PowerOfAttorney> {
    public static final String PATH = "/enis/sync";
    public static final String DATA = "mocks/data/powers-of-attorney.csv";
    private static final String NS = "http://qaqpa.kz/registry/power-of-attorney/v1";

    /** One row of powers-of-attorney.csv. */
    public record PowerOfAttorneyRecord(String number, String principalIin, String representativeIin, String notary,
                                        LocalDate issuedOn, LocalDate validUntil, String scope, boolean revoked) {
    }

    public EnisMock(int port, KeyMaterial key, Consumer<X509Certificate> peerCheck) {
        super("ENIS mock", port, PATH, key, peerCheck, "ЕНИС", new QName(NS, "powerOfAttorneyRequest"), loadDefault(),
                PowerOfAttorneyRecord::number);
    }

    public static List<PowerOfAttorneyRecord> loadDefault() {
        return Csv.load(DATA).stream().map(EnisMock::powerOfAttorney).toList();
    }

    private static PowerOfAttorneyRecord powerOfAttorney(Map<String, String> row) {
        return new PowerOfAttorneyRecord(row.get("number"), row.get("principalIin"), row.get("representativeIin"),
                row.get("notary"), LocalDate.parse(row.get("issuedOn")), LocalDate.parse(row.get("validUntil")),
                row.get("scope"), Boolean.parseBoolean(row.get("revoked")));
    }

    @Override
    protected String requestedKey(Element request) {
        return ShepXml.fromNode(request, PowerOfAttorneyRequest.class).getNumber();
    }

    @Override
    protected PowerOfAttorney answer(PowerOfAttorneyRecord r) {
        PowerOfAttorney p = new PowerOfAttorney();
        p.setNumber(r.number());
        p.setPrincipalIin(r.principalIin());
        p.setRepresentativeIin(r.representativeIin());
        p.setNotary(r.notary());
        p.setIssuedOn(DataElements.date(r.issuedOn()));
        p.setValidUntil(DataElements.date(r.validUntil()));
        p.setScope(r.scope());
        p.setRevoked(r.revoked());
        return p;
    }

    @Override
    protected PowerOfAttorneyNotFound notFound(String number) {
        PowerOfAttorneyNotFound notFound = new PowerOfAttorneyNotFound();
        notFound.setNumber(number);
        return notFound;
    }
}
