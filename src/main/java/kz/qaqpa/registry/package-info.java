/**
 * Who the gateway serves and talks to, as configured: the sender systems and what each may send ({@link
 * kz.qaqpa.registry.SenderRegistry}), which route serves a serviceId ({@link kz.qaqpa.registry.ServiceRegistry}), the
 * providers by locality ({@link kz.qaqpa.registry.ProviderDirectory}) and who signs each service's results ({@link
 * kz.qaqpa.registry.ResultSigners}); read together by {@link kz.qaqpa.registry.Registries}.
 */
package kz.qaqpa.registry;
