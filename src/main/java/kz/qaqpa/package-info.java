/**
 * The gateway as a whole: {@link kz.qaqpa.Main} starts it, {@link kz.qaqpa.GatewayAssembly} lists its parts in their
 * start and stop order (each built in its own package), {@link kz.qaqpa.settings} reads the one properties file,
 * {@link kz.qaqpa.TrustSetup} the gateway's key and trusted certificates.
 *
 * <p>A message's way through the packages: in at {@link kz.qaqpa.channel} (HTTP, the ШЭП envelope, its gate), checked by
 * {@link kz.qaqpa.trust} (signatures, certificates, revocation) against who may send what ({@link kz.qaqpa.registry}),
 * handled by its service's {@link kz.qaqpa.regulation} route, which asks the state systems through
 * {@link kz.qaqpa.adapter}, kept in {@link kz.qaqpa.store} and logged as evidence ({@link kz.qaqpa.evidence}), and out
 * again through the channel's signed answer and the outbox's callbacks ({@link kz.qaqpa.adapter}). Beside the flow:
 * {@link kz.qaqpa.xml} (parsing and writing, every package's), {@link kz.qaqpa.fault} (every code the gateway answers
 * with), {@link kz.qaqpa.http} (plain HTTP both ways), {@link kz.qaqpa.operator}, {@link kz.qaqpa.monitoring} and
 * {@link kz.qaqpa.catalogue} (what operators and integrators read). Code generated from wsdl/ and xsd/ is not here: it
 * is built into target/generated-sources.
 */
package kz.qaqpa;
