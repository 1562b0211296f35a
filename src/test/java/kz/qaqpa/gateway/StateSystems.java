package kz.qaqpa.gateway;

import kz.qaqpa.settings.Settings;

/** A state system configured through properties only: ГБД ФЛ's mock again, under a serviceId of its own. */
final class StateSystems {
    private StateSystems() {
    }

    /**
     * Registers {@code serviceId} (unless the gateway knows it) as a sync service served by ГБД ФЛ's route, adapter
     * URL and БИН, granted to the portal; its request element is left to the caller.
     */
    static GatewayHarness replica(GatewayHarness gateway, String serviceId) {
        Settings s = gateway.settings();
        if (s.list("qaqpa.services", Settings.Empty.REFUSED).contains(serviceId)) {
            return gateway;
        }
        String adapter = "qaqpa.adapter." + serviceId;
        String service = "qaqpa.service." + serviceId;
        return gateway.with("qaqpa.services", s.get("qaqpa.services") + "," + serviceId)
                .with(service + ".route", s.get("qaqpa.service.GBDFL_PERSON.route"))
                .with(service + ".channel", "sync")
                // the mock's port is chosen at start: the URL keeps its placeholder, as application.properties has it
                .with(adapter + ".url", "http://localhost:{{qaqpa.mocks.gbdfl.port}}/gbdfl/sync")
                .with(adapter + ".bin", s.get("qaqpa.adapter.GBDFL_PERSON.bin"))
                .with("qaqpa.sender.PORTAL.services", s.get("qaqpa.sender.PORTAL.services") + "," + serviceId);
    }
}
