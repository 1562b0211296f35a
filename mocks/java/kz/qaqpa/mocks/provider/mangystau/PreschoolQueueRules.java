package kz.qaqpa.mocks.provider.mangystau;

import java.math.BigInteger;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.mangystau.Application;
import kz.qaqpa.document.mangystau.QueueNotification;
import kz.qaqpa.document.mangystau.Referral;
import kz.qaqpa.mocks.provider.OfficeStep;
import kz.qaqpa.mocks.provider.ReceivedApplication;
import kz.qaqpa.mocks.provider.ServiceRules;

/**
 * S1 of seed 001, «Постановка на очередь детей дошкольного возраста (до 7 лет) для направления в детские дошкольные
 * организации», as one Mangystau provider decides it. The regulation gives no rules (notes §4.2 item 16); these are
 * the mock's own, in this order:
 * <ol>
 *   <li>no birth certificate attached: refusal (condition 3 / 2 fails, «нарушения в документах получателя»);</li>
 *   <li>the child is 7 or older on the day the office receives the application: refusal ("до 7 лет");</li>
 *   <li>the first preferred organisation has a free place ({@code freeNow}): a referral to it;</li>
 *   <li>it will have one ({@code freeLater}): the queue notification with a registration slip (an interim answer),
 *       then, as the place frees up, the referral;</li>
 *   <li>otherwise the queue notification only: the application stays in the queue.</li>
 * </ol>
 * Queue numbers are the office's own, growing from 1 and never reused. Every status, the slip and the results are
 * sent after REGISTERED and IN_WORK; every result is signed by the office's authorised person.
 */
public final class PreschoolQueueRules implements ServiceRules {
    public static final String SERVICE_ID = "MANGYSTAU_PRESCHOOL_QUEUE_2012";
    private final MangystauOffice office;
    private final Set<String> freeNow;
    private final Set<String> freeLater;
    private final AtomicLong queue = new AtomicLong();

    public PreschoolQueueRules(MangystauOffice office, Set<String> freeNow, Set<String> freeLater) {
        this.office = office;
        this.freeNow = Set.copyOf(freeNow);
        this.freeLater = Set.copyOf(freeLater);
    }

    @Override
    public String serviceId() {
        return SERVICE_ID;
    }

    @Override
    public List<OfficeStep> decide(ReceivedApplication a) {
        Application application = MangystauOffice.read(a);
        List<OfficeStep> steps = new ArrayList<>(office.registeredAndInWork(a));
        if (!MangystauOffice.attached(application, "BIRTH_CERTIFICATE")) {
            steps.add(office.refusal(a, application, "Не приложено свидетельство о рождении ребенка", null));
            return steps;
        }
        var birth = application.getChild().getBirthDate().toGregorianCalendar().toZonedDateTime().toLocalDate();
        if (Period.between(birth, MangystauOffice.today(a)).getYears() >= 7) {
            steps.add(office.refusal(a, application, "Ребенку исполнилось 7 лет: услуга оказывается для детей до 7 лет", null));
            return steps;
        }
        List<String> preferred = application.getQueueRequest() == null ? List.of()
                : application.getQueueRequest().getPreferredOrganisation();
        String first = preferred.isEmpty() ? null : preferred.get(0);
        if (first != null && freeNow.contains(first)) {
            steps.add(referral(a, application, first));
            return steps;
        }
        steps.add(queueNotification(a, application));
        if (first != null && freeLater.contains(first)) {
            steps.add(referral(a, application, first));
        }
        return steps;
    }

    private OfficeStep queueNotification(ReceivedApplication a, Application application) {
        QueueNotification n = new QueueNotification();
        n.setHeader(office.header(a, application));
        QueueNotification.RegistrationSlip slip = new QueueNotification.RegistrationSlip();
        long number = queue.incrementAndGet();
        slip.setSlipNumber("РТ-" + a.registrationNumber());
        slip.setQueueNumber(BigInteger.valueOf(number));
        slip.setPlacedOn(MangystauOffice.date(MangystauOffice.today(a)));
        n.setRegistrationSlip(slip);
        return OfficeStep.result("queue-notification", ShepXml.toElement(n), office.authorised());
    }

    private OfficeStep referral(ReceivedApplication a, Application application, String organisation) {
        Referral r = new Referral();
        r.setHeader(office.header(a, application));
        r.setReferralNumber("НП-" + a.registrationNumber());
        r.setOrganisation(organisation);
        r.setValidUntil(MangystauOffice.date(MangystauOffice.today(a).plusMonths(1)));
        return OfficeStep.result("referral", ShepXml.toElement(r), office.authorised());
    }
}
