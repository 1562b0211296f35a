package kz.qaqpa.mocks.gbdfl;

import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.person.Person;
import kz.qaqpa.document.person.PersonNotFound;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.mocks.soap.Csv;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.soap.KeyedRegistryMock;
import kz.qaqpa.trust.KeyMaterial;
import org.w3c.dom.Element;

/**
 * ГБД ФЛ (state database of natural persons) behind the ШЭП sync channel: {@code SendMessage} with a
 * {@code personRequest} in requestData/data answers {@code person} (with parent and child links) or
 * {@code personNotFound}. Persons come from {@code mocks/data/persons.csv}; answers are signed with the mock's key
 * (test PKI alias {@code gbdfl}).
 */
public final class GbdflMock extends KeyedRegistryMock<GbdflMock.PersonRecord, Person> {
    public static final String PATH = "/gbdfl/sync";
    public static final String DATA = "mocks/data/persons.csv";
    private static final String NS = "http://qaqpa.kz/registry/person/v1";

    /** One row of persons.csv. */
    public record PersonRecord(String iin, String lastName, String firstName, String middleName, LocalDate birthDate,
                               String gender, String address, List<String> parentIins) {
    }

    /** With the persons of {@value #DATA}. */
    public GbdflMock(int port, KeyMaterial key, Consumer<X509Certificate> peerCheck) {
        super("GBD FL mock", port, PATH, key, peerCheck, "ГБД ФЛ", new QName(NS, "personRequest"), loadDefault(),
                PersonRecord::iin);
    }

    public static List<PersonRecord> loadDefault() {
        return Csv.load(DATA).stream().map(GbdflMock::person).toList();
    }

    private static PersonRecord person(Map<String, String> row) {
        String parents = row.get("parentIins");
        return new PersonRecord(row.get("iin"), row.get("lastName"), row.get("firstName"),
                row.get("middleName").isEmpty() ? null : row.get("middleName"), LocalDate.parse(row.get("birthDate")),
                row.get("gender"), row.get("address"),
                parents.isBlank() ? List.of() : Arrays.asList(parents.trim().split("\\s+")));
    }

    @Override
    protected String requestedKey(Element request) {
        return ShepXml.fromNode(request, PersonRequest.class).getIin();
    }

    /** The person with child links derived from the other rows' parentIins. */
    @Override
    protected Person answer(PersonRecord r) {
        Person p = new Person();
        p.setIin(r.iin());
        p.setLastName(r.lastName());
        p.setFirstName(r.firstName());
        p.setMiddleName(r.middleName());
        p.setBirthDate(DataElements.date(r.birthDate()));
        p.setGender(r.gender());
        p.setAddress(r.address());
        p.getParentIin().addAll(r.parentIins());
        rows().stream().filter(c -> c.parentIins().contains(r.iin())).forEach(c -> p.getChildIin().add(c.iin()));
        return p;
    }

    @Override
    protected PersonNotFound notFound(String iin) {
        PersonNotFound notFound = new PersonNotFound();
        notFound.setIin(iin);
        return notFound;
    }
}
