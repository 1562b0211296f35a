package kz.qaqpa.mocks.walkthrough;

import kz.qaqpa.document.almatyfamily.AttachedDocument;
import kz.qaqpa.document.almatyfamily.Person;
import kz.qaqpa.document.almatyfamily.PersonName;

/**
 * Parts of seed 004's family forms (S1-S4, S6), shared by the walkthrough's {@link FamilyCertificateSample} and the
 * tests that build these forms. In the mocks, so the -gateway jar (which leaves out kz/qaqpa/mocks) never holds it.
 */
public final class AlmatyFamilyForms {
    private AlmatyFamilyForms() {
    }

    /** A person of the form: ИИН and name. */
    public static Person person(String iin, String last, String first) {
        Person p = new Person();
        p.setIin(iin);
        PersonName n = new PersonName();
        n.setLastName(last);
        n.setFirstName(first);
        p.setName(n);
        return p;
    }

    /** A document the application lists, of {@code kind} (the form's document code). */
    public static AttachedDocument document(String kind) {
        AttachedDocument d = new AttachedDocument();
        d.setValue(kind);
        return d;
    }
}
