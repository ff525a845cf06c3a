package com.sparkcontrol.services;

import com.sparkcontrol.routes.OperatorRoutes;
import com.sparkcontrol.routes.RouteFileState;
import com.sparkcontrol.services.ContainerStates.Container;
import com.sparkcontrol.services.ContainerStates.Listing;
import com.sparkcontrol.services.ServiceProbes.Probe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * What {@code GET /api/services} shows for each service: its definition, its container's state (cached
 * {@code docker ps}), its health (cached HTTP probe), the overlay's presence for the diarizer, its last
 * action, and — for custom entries that did not load — the problems to fix. Route files in the routes folder
 * that did not load are listed the same way (file, line, reason), so the dashboard shows them beside the
 * services. Probes run in parallel with the listings, and each Spark is listed once per request.
 */
@Component
class ServiceStatusView {

    static final String OVERLAY_MISSING = "the container was recreated; run reapply-patches";

    private final ServiceCatalog catalog;
    private final ContainerStates containers;
    private final ServiceProbes probes;
    private final ServiceActions actions;
    private final OperatorRoutes routes;
    /** The last overlay verdict per service, for the cheap {@code /api/status} snapshot. */
    private final Map<String, Boolean> overlayPresent = new ConcurrentHashMap<>();

    ServiceStatusView(ServiceCatalog catalog, ContainerStates containers, ServiceProbes probes, ServiceActions actions,
            OperatorRoutes routes) {
        this.catalog = catalog;
        this.containers = containers;
        this.probes = probes;
        this.actions = actions;
        this.routes = routes;
    }

    List<Map<String, Object>> list() {
        List<ServiceDefinition> services = catalog.all();
        // probes first: they run in the background while the Sparks are listed
        Map<String, CompletableFuture<Probe>> health = new LinkedHashMap<>();
        for (ServiceDefinition d : services) {
            healthUrl(d).ifPresent(url -> health.put(url, probes.cachedProbe(url)));
        }
        Map<String, Listing> listings = listingsFor(services);
        List<Map<String, Object>> items = new ArrayList<>();
        for (ServiceDefinition d : services) {
            items.add(item(d, listings.get(d.node()), healthUrl(d).map(url -> health.get(url).join())));
        }
        invalidEntries().forEach(items::add);
        brokenRouteFiles().forEach(items::add);
        return items;
    }

    Map<String, Object> one(String name) {
        ServiceDefinition d = catalog.require(name);
        Listing listing = containers.of(catalog.nodeOf(d));
        return item(d, listing, healthUrl(d).map(url -> probes.cachedProbe(url).join()));
    }

    /** From caches only: no SSH, no HTTP. */
    Map<String, Object> snapshot() {
        List<Map<String, Object>> services = new ArrayList<>();
        for (ServiceDefinition d : catalog.all()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", d.name());
            s.put("node", d.node());
            Optional<Listing> listing = containers.cached(catalog.nodeOf(d));
            s.put("state", listing.map(l -> state(l, d)).orElse("unknown"));
            s.put("healthy", healthUrl(d).flatMap(probes::last).map(p -> d.isOverlay() ? p.routePresent() : p.healthy()).orElse(null));
            if (d.isOverlay()) {
                s.put("overlayPresent", overlayPresent.get(d.name()));
            }
            s.put("lastAction", actions.last(d.name(), false).orElse(null));
            services.add(s);
        }
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("services", services);
        snapshot.put("running", actions.running());
        snapshot.put("problems", catalog.problems());
        return snapshot;
    }

    private Map<String, Object> item(ServiceDefinition d, Listing listing, Optional<Probe> health) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", d.name());
        item.put("description", d.description());
        item.put("node", d.node());
        item.put("container", d.container());
        item.put("image", d.image());
        item.put("builtIn", d.builtIn());
        item.put("valid", true);
        item.put("hostedBy", d.hostedBy());
        item.put("ports", d.ports().stream().map(ServiceDefinition.PortMapping::toString).toList());
        item.put("actions", catalog.actionsOf(d).stream().map(ServiceAction::id).toList());
        String state = state(listing, d);
        item.put("state", state);
        item.put("stateDetail", listing.failed() ? listing.error()
                : listing.container(d.container()).map(Container::status).orElse(d.container() + " does not exist on " + d.node()));
        item.put("health", health.map(p -> health(d, p)).orElse(Map.of("ok", false, "detail", "no address: " + d.node() + " has no host")));
        item.put("overlay", d.isOverlay() ? overlay(d, listing, health) : null);
        item.put("lastAction", actions.last(d.name(), false).orElse(null));
        item.put("gatewayPrefix", d.gatewayPrefix());
        item.put("errors", List.of());
        return item;
    }

    private static Map<String, Object> health(ServiceDefinition d, Probe p) {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("ok", d.isOverlay() ? p.routePresent() : p.healthy());
        health.put("status", p.status());
        health.put("detail", p.detail());
        health.put("url", p.url());
        health.put("checkedAt", p.at());
        return health;
    }

    /**
     * Present when the endpoint answers anything but 404 while the container runs; missing when the host
     * service is healthy and the endpoint is not there (the container was recreated); unknown otherwise.
     */
    private Map<String, Object> overlay(ServiceDefinition d, Listing listing, Optional<Probe> endpoint) {
        Map<String, Object> overlay = new LinkedHashMap<>();
        Boolean present;
        String detail;
        Optional<Container> container = listing.container(d.container());
        if (listing.failed()) {
            present = null;
            detail = "cannot tell: " + listing.error();
        } else if (container.isEmpty()) {
            present = false;
            detail = d.container() + " does not exist: install " + d.hostedBy() + ", then run reapply-patches";
        } else if (!container.get().running()) {
            present = null;
            detail = d.container() + " is not running (" + container.get().status() + ")";
        } else if (endpoint.isPresent() && endpoint.get().routePresent()) {
            present = true;
            detail = d.overlay().verifyPath() + " answers (HTTP " + endpoint.get().status() + ")";
        } else if (hostHealthy(d)) {
            present = false;
            detail = OVERLAY_MISSING + " (" + d.overlay().verifyPath() + ": " + endpoint.map(Probe::detail).orElse("no address") + ")";
        } else {
            present = null;
            detail = "waiting for " + d.hostedBy() + " to answer";
        }
        overlay.put("present", present);
        overlay.put("detail", detail);
        if (Boolean.FALSE.equals(present) && container.isPresent()) {
            overlay.put("fix", Map.of("action", ServiceAction.REAPPLY_PATCHES.id(), "method", "POST",
                    "path", "/api/services/" + d.name() + "/" + ServiceAction.REAPPLY_PATCHES.id()));
        }
        if (present == null) {
            overlayPresent.remove(d.name());
        } else {
            overlayPresent.put(d.name(), present);
        }
        return overlay;
    }

    private boolean hostHealthy(ServiceDefinition overlay) {
        ServiceDefinition host = catalog.require(overlay.hostedBy());
        return healthUrl(host).map(url -> probes.cachedProbe(url).join().healthy()).orElse(false);
    }

    private static String state(Listing listing, ServiceDefinition d) {
        if (listing.failed()) {
            return "unknown";
        }
        return listing.container(d.container()).map(Container::state).orElse("absent");
    }

    /** Overlays answer on their verify path; everything else on its health path. */
    private Optional<String> healthUrl(ServiceDefinition d) {
        String path = d.isOverlay() ? d.overlay().verifyPath() : d.healthPath();
        return catalog.baseUrl(d).map(base -> base + path);
    }

    /** One listing per Spark the services run on (each cached for the TTL). */
    private Map<String, Listing> listingsFor(List<ServiceDefinition> services) {
        Map<String, Listing> listings = new LinkedHashMap<>();
        for (ServiceDefinition d : services) {
            listings.computeIfAbsent(d.node(), id -> containers.of(catalog.nodeOf(d)));
        }
        return listings;
    }

    /** Route files that did not load, shaped like an invalid custom entry: the file, its line and the reason. */
    private List<Map<String, Object>> brokenRouteFiles() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (RouteFileState file : routes.errors()) {
            Map<String, Object> error = new LinkedHashMap<>();
            if (file.error().line() != null) {
                error.put("field", "line " + file.error().line());
                error.put("line", file.error().line());
            }
            error.put("message", file.error().reason());
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", Path.of(file.file()).getFileName().toString());
            item.put("builtIn", false);
            item.put("valid", false);
            item.put("state", "invalid");
            item.put("source", file.file());
            item.put("kind", "route-file");
            item.put("errors", List.of(error));
            items.add(item);
        }
        return items;
    }

    /** Custom entries that did not load, with their problems, so the dashboard can show what to fix. */
    private List<Map<String, Object>> invalidEntries() {
        Map<String, List<Map<String, String>>> byEntry = new LinkedHashMap<>();
        for (DefinitionProblem p : catalog.problems()) {
            String entry = p.entry().equals(DefinitionProblem.FILE) ? ServiceCatalog.OVERRIDES_FILE : p.entry();
            byEntry.computeIfAbsent(entry, k -> new ArrayList<>()).add(Map.of("field", p.field(), "message", p.message()));
        }
        List<Map<String, Object>> items = new ArrayList<>();
        byEntry.forEach((entry, errors) -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", entry);
            item.put("builtIn", false);
            item.put("valid", false);
            item.put("state", "invalid");
            item.put("source", ServiceCatalog.OVERRIDES_FILE);
            item.put("errors", errors);
            items.add(item);
        });
        return items;
    }
}
