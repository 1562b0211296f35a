package kz.qaqpa.evidence;

import java.time.Clock;
import java.util.Arrays;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.store.RulesInForce;
import kz.qaqpa.store.Store;
import kz.qaqpa.trust.LaterRules;
import kz.qaqpa.trust.SubjectIdentity;

/**
 * The message log's evidence (qaqpa.log.*): the time-stamping of the chain's head, the archive and its seal, and
 * the verify and export the console and the archive timer run.
 */
public record Evidence(HeadStamping headStamping, ArchiveSeal archiveSeal, MessageLogArchive archive,
                       MessageLogEvidence messageLogEvidence) {

    public static Evidence of(Settings s, Store store, TrustSetup trust) {
        TrustSetup.TrustedCertificates trusted = TrustSetup.trustedCertificates(s);
        StampingAuthority authority = StampingAuthority.of(s, trusted, trust.validator());
        HeadStamping headStamping = new HeadStamping(store.messageChain(), store.chainStamps(), authority,
                s.duration("qaqpa.log.timestamp.max-delay"), Clock.systemUTC());
        ArchiveSeal seal = new ArchiveSeal(trust.gatewayKey(), authority);
        MessageLogArchive archive = MessageLogArchive.of(store.messageChain(), store.chainStamps(), s, seal,
                Clock.systemUTC(), store.disk());
        // the gateway runs every later rule from this start on: one it first runs here bounds the records it took
        RulesInForce rulesInForce = new RulesInForce(store.db());
        rulesInForce.mark(Arrays.stream(LaterRules.Rule.values()).map(Enum::name).toList(), Clock.systemUTC().instant());
        return new Evidence(headStamping, seal, archive, new MessageLogEvidence(store.messageChain(),
                store.chainStamps(), trusted, SubjectIdentity.of(trust.gatewayKey().certificate()).bin(),
                CalledSystems.of(s), archive, rulesInForce));
    }
}
