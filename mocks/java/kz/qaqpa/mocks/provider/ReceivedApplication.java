package kz.qaqpa.mocks.provider;

import java.time.Clock;
import java.time.Instant;
import org.w3c.dom.Element;

/**
 * An application as the provider's office received it from the gateway.
 *
 * @param serviceId          the gateway's serviceId
 * @param messageId          the gateway's messageId of the application
 * @param correlationId      the application's correlationId (its documents must name it)
 * @param registrationNumber the office's own number, e.g. "ПРВ-2026-000017"
 * @param document           the application document, its signature verified
 * @param receivedAt         when the office received it
 * @param clock              the office's clock (dates of the documents it issues)
 */
public record ReceivedApplication(String serviceId, String messageId, String correlationId, String registrationNumber,
                                  Element document, Instant receivedAt, Clock clock) {
}
