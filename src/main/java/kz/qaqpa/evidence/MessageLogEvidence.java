package kz.qaqpa.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.store.MessageChain;

/**
 * What the message log can prove, for the command line ({@link LogVerifier}) and the operator console: the whole
 * chain verified, one application exported as a zip, and such a zip verified without the database.
 */
public final class MessageLogEvidence {
    private final MessageChain chain;
    private final RecordCheck check;

    public MessageLogEvidence(MessageChain chain, TrustSetup.TrustedCertificates trusted) {
        this.chain = chain;
        this.check = new RecordCheck(trusted);
    }

    /** Every record up to the head: links, content, certificates and signatures; the first bad record named. */
    public Verdict verify() {
        return new ChainCheck(chain, check).run();
    }

    /** One application's records with the links to the head, as zip bytes; empty when nothing is logged for it. */
    public Optional<byte[]> export(String correlationId) throws IOException {
        return ApplicationExport.write(chain, correlationId);
    }

    /** Verifies an export with the trusted certificates alone; {@code expectedHead} (or null) must be its head hash. */
    public static Verdict verifyExport(Path file, TrustSetup.TrustedCertificates trusted, String expectedHead)
            throws IOException {
        return ApplicationExport.verify(file, new RecordCheck(trusted), expectedHead);
    }
}
