package kz.qaqpa.regulation;

import java.sql.SQLIntegrityConstraintViolationException;
import java.util.Optional;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.Applications;
import kz.qaqpa.store.Database;
import kz.qaqpa.trust.SignedContent;
import org.apache.camel.Exchange;

/**
 * One application per signed application document and service (ours: docs/security.md, "Session 31 review",
 * replay17). The applicant's signature is bound to neither the ШЭП message nor a time, so the same signed form sent
 * again under a new messageId, by a portal's retry or by another system that captured it, would make a second
 * application; it is refused with SCE026 instead. The document is known by what it says without its signatures
 * ({@link SignedContent}), so the same form signed again is the same application. The sender that made the first
 * application is told which it is; another sender is not (it would learn a correlationId of someone else's
 * application). The store's unique key decides ({@link Applications#insert}); {@link #check} only answers early.
 */
public final class SignedOnce {
    /** Variable holding the digest of the exchange's application document, set by {@link #check}. */
    public static final String DIGEST = "documentDigest";
    private final Applications applications;

    public SignedOnce(Applications applications) {
        this.applications = applications;
    }

    /** Notes the document's digest and refuses it when an application of the service was made of it already. */
    public void check(Exchange exchange, String serviceId, String senderId) {
        String digest = SignedContent.sha256(ApplicationDocument.of(exchange).element());
        exchange.setVariable(DIGEST, digest);
        Optional<ShepException> refusal = refusal(serviceId, digest, senderId);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /**
     * What to answer when storing the application failed with {@code failure}: SCE026 when a copy of the same document
     * committed first (the unique key was taken meanwhile), else the failure itself.
     */
    public RuntimeException afterFailedCommit(Database.StoreException failure, String serviceId, String digest,
                                              String senderId) {
        if (!(failure.getCause() instanceof SQLIntegrityConstraintViolationException)) {
            return failure;
        }
        return refusal(serviceId, digest, senderId).<RuntimeException>map(r -> r).orElse(failure);
    }

    private Optional<ShepException> refusal(String serviceId, String digest, String senderId) {
        return applications.bySignedDocument(serviceId, digest).map(first -> new ShepException(
                FaultCode.ALREADY_SUBMITTED, first.senderId().equals(senderId)
                ? "this signed application was already submitted as application " + first.correlationId()
                        + " (messageId '" + first.messageId() + "'); sent again under another messageId it makes no"
                        + " second application: a new application is a new form"
                : "this signed application was already submitted through another system; sent again it makes no"
                        + " second application"));
    }
}
