package kz.qaqpa.regulation;

import java.sql.SQLIntegrityConstraintViolationException;
import java.util.Optional;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.SignedForms;
import kz.qaqpa.trust.SignedContent;
import kz.qaqpa.trust.VerifiedDocument;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * A signed application document is submitted through one system (ours: docs/security.md, "Session 31 review",
 * replay17). The applicant's signature is bound to neither the ШЭП message nor its sender, so another system granted
 * the service and channel that captured a signed form could submit it as its own and be sent the result; the first
 * system that made an application of the document owns it, and another's copy is refused with SCE026, telling it
 * nothing of the first application. The owner may send the form again under a new messageId (a new application, as
 * before: what a system does with its own applicants' forms is its own; the same messageId is a retry). The document
 * is known by what it says without its signatures ({@link SignedContent}), so signed again it is the same document.
 * The store's primary key decides ({@link SignedForms#claim}); {@link #check} only answers early.
 */
public final class SignedOnce {
    /** Variable holding the digest of the exchange's application document, set by {@link #check}. */
    public static final String DIGEST = "documentDigest";
    /** Variable holding condition 2's check of the document, from {@link #noteChecked} to {@link #check}. */
    private static final String CHECKED = "checkedDocument";
    private final SignedForms forms;

    public SignedOnce(SignedForms forms) {
        this.forms = forms;
    }

    /** Notes the document's digest and refuses it when another system already made an application of it. */
    public void check(Exchange exchange, String serviceId, String senderId) {
        String digest = contentDigest(exchange);
        exchange.setVariable(DIGEST, digest);
        requireNotAnothers(forms.owner(serviceId, digest), senderId);
    }

    /**
     * Keeps condition 2's check of the application document ({@link DocumentSignatureCheck}, which passed) for
     * {@link #check}, which takes the digest from the copy that check made instead of copying the document again.
     */
    public static void noteChecked(Exchange exchange, VerifiedDocument document) {
        exchange.setVariable(CHECKED, document);
    }

    /**
     * What the exchange's application document says without its signatures: from condition 2's check where it was of
     * this very element (always, on the intake's route: condition 2 comes before forwarding), else from the document.
     * The check's copy is let go of here.
     */
    private static String contentDigest(Exchange exchange) {
        Element document = ApplicationDocument.of(exchange).element();
        VerifiedDocument checked = exchange.getVariable(CHECKED, VerifiedDocument.class);
        exchange.removeVariable(CHECKED);
        return checked != null && checked.isOf(document) ? checked.contentDigest() : SignedContent.sha256(document);
    }

    /**
     * Claims the document for the sender in the transaction that stores its application; SCE026 (the transaction
     * rolled back) when another system's claim committed since {@link #check}.
     */
    public void claim(String serviceId, String digest, String senderId, String correlationId) {
        // a claim made now is the sender's own: read back only a claim made before (store47: a look-up an intake)
        if (!forms.claim(serviceId, digest, senderId, correlationId)) {
            requireNotAnothers(forms.owner(serviceId, digest), senderId);
        }
    }

    /**
     * Judges a commit that failed: SCE026 when another system's copy claimed the document meanwhile; returns when
     * the same system's copy did (the application may be stored again); else rethrows the failure.
     */
    public void afterFailedCommit(Database.StoreException failure, String serviceId, String digest, String senderId) {
        Optional<SignedForms.Owner> owner = failure.getCause() instanceof SQLIntegrityConstraintViolationException
                ? forms.owner(serviceId, digest) : Optional.empty();
        if (owner.isEmpty()) {
            throw failure;
        }
        requireNotAnothers(owner, senderId);
    }

    /** SCE026 when the document is owned by a system other than {@code senderId}. */
    private static void requireNotAnothers(Optional<SignedForms.Owner> owner, String senderId) {
        if (owner.filter(o -> !o.senderId().equals(senderId)).isPresent()) {
            throw new ShepException(FaultCode.ALREADY_SUBMITTED, "this signed application was already submitted"
                    + " through another system; it is accepted from that system only");
        }
    }
}
