package kz.qaqpa.mocks.gbdfl;

import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.person.Person;
import kz.qaqpa.document.person.PersonNotFound;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.soap.Csv;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.soap.SyncRegistryMock;
import kz.qaqpa.trust.KeyMaterial;
import org.w3c.dom.Element;

/**
 * ГБД ФЛ (state database of natural persons) behind the ШЭП sync channel: {@code SendMessage} with a
 * {@code personRequest} in requestData/data answers {@code person} (with parent and child links) or
 * {@code personNotFound}. Persons come from {@code mocks/data/persons.csv}; answers are signed with the mock's key
 * (test PKI alias {@code gbdfl}).
 */
public final class GbdflMock extends SyncRegistryMock {
    public static final String PATH = "/gbdfl/sync";
    public static final String DATA = "mocks/data/persons.csv";
    private static final String NS = "http://qaqpa.kz/registry/person/v1";

    /** One row of persons.csv. */
    public record PersonRecord(String iin, String lastName, String firstName, String middleName, LocalDate birthDate,
                               String gender, String address, List<String> parentIins) {
    }

    private final Map<String, PersonRecord> persons = new LinkedHashMap<>();

    /** With the persons of {@value #DATA}. */
    public GbdflMock(int port, KeyMaterial key, Consumer<X509Certificate> peerCheck) {
        this(port, key, peerCheck, loadDefault());
    }

    public GbdflMock(int port, KeyMaterial key, Consumer<X509Certificate> peerCheck, List<PersonRecord> persons) {
        super("GBD FL mock", port, PATH, key, peerCheck);
        persons.forEach(p -> this.persons.put(p.iin(), p));
    }

    public static List<PersonRecord> loadDefault() {
        List<PersonRecord> list = new ArrayList<>();
        for (Map<String, String> row : Csv.load(DATA)) {
            String parents = row.get("parentIins");
            list.add(new PersonRecord(row.get("iin"), row.get("lastName"), row.get("firstName"),
                    row.get("middleName").isEmpty() ? null : row.get("middleName"), LocalDate.parse(row.get("birthDate")),
                    row.get("gender"), row.get("address"),
                    parents.isBlank() ? List.of() : Arrays.asList(parents.trim().split("\\s+"))));
        }
        return list;
    }

    /** The person as the mock would answer it, with child links derived from the other rows' parentIins. */
    public Optional<Person> find(String iin) {
        PersonRecord r = persons.get(iin);
        if (r == null) {
            return Optional.empty();
        }
        Person p = new Person();
        p.setIin(r.iin());
        p.setLastName(r.lastName());
        p.setFirstName(r.firstName());
        p.setMiddleName(r.middleName());
        p.setBirthDate(DataElements.date(r.birthDate()));
        p.setGender(r.gender());
        p.setAddress(r.address());
        p.getParentIin().addAll(r.parentIins());
        persons.values().stream().filter(c -> c.parentIins().contains(iin)).forEach(c -> p.getChildIin().add(c.iin()));
        return Optional.of(p);
    }

    @Override
    protected Object lookup(Element request) {
        if (!DataElements.is(request, NS, "personRequest")) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE,
                    "ГБД ФЛ expects {" + NS + "}personRequest, got {" + request.getNamespaceURI() + "}" + request.getLocalName());
        }
        String iin = ShepXml.fromNode(request, PersonRequest.class).getIin();
        return find(iin).<Object>map(p -> p).orElseGet(() -> {
            PersonNotFound notFound = new PersonNotFound();
            notFound.setIin(iin);
            return notFound;
        });
    }
}
