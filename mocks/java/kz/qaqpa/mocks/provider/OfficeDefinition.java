package kz.qaqpa.mocks.provider;

import java.util.List;
import java.util.function.Function;
import kz.qaqpa.mocks.pki.TestPki;

/**
 * A provider office the embedded mocks start: how it logs in to the gateway and which services it decides.
 *
 * @param senderId       its senderId in the gateway's sender registry (application.properties qaqpa.sender.*)
 * @param password       its password there
 * @param systemKeyAlias the test PKI alias of the office system's transport key
 * @param numberPrefix   prefix of its registration numbers
 * @param services       its services' rules, given the test PKI (for the employees' keys)
 */
public record OfficeDefinition(String senderId, String password, String systemKeyAlias, String numberPrefix,
                               Function<TestPki, List<ServiceRules>> services) {
}
