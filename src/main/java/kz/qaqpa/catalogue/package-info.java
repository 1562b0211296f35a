/**
 * What integrators read: {@code GET /catalogue} (every service as its loaded routes describe it, {@link
 * kz.qaqpa.catalogue.ServiceCatalogue}), the callback contract a channel serves, and the regulations' diagrams drawn
 * from the routes' flows ({@link kz.qaqpa.catalogue.RouteFlows}, {@link kz.qaqpa.catalogue.LoadedFlows}).
 */
package kz.qaqpa.catalogue;
