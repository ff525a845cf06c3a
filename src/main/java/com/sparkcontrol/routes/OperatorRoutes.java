package com.sparkcontrol.routes;

import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.routes.RouteFileState.LoadError;
import com.sparkcontrol.web.StatusContributor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.springframework.beans.factory.ObjectProvider;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Loads every {@code *.yaml} in the routes folder as Camel YAML DSL, each file on its own: a broken file is
 * reported (file, line, reason) and leaves the others serving. The folder is watched: a changed file is
 * reloaded, a deleted one's routes are removed, all without a restart.
 */
@Component
public class OperatorRoutes implements StatusContributor, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OperatorRoutes.class);
    private static final Pattern LINE = Pattern.compile("line[: ]+(\\d+)", Pattern.CASE_INSENSITIVE);

    private record Seen(FileTime modified, long size) {}

    private final CamelContext camel;
    private final ObjectProvider<CamelRequestHandlerMapping> httpMappings;
    private final RoutesProperties properties;
    private final OperatorGuards guards;
    private final Map<Path, Seen> seen = new ConcurrentHashMap<>();
    private final Map<Path, RouteFileState> states = new ConcurrentHashMap<>();
    private final List<Path> folders = new ArrayList<>();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "routes-watcher");
        t.setDaemon(true);
        return t;
    });

    OperatorRoutes(CamelContext camel, SparkControlProperties settings, RoutesProperties properties, OperatorGuards guards,
            ObjectProvider<CamelRequestHandlerMapping> httpMappings) {
        this.camel = camel;
        this.httpMappings = httpMappings;
        this.properties = properties;
        this.guards = guards;
        this.folders.add(settings.routesDir().toAbsolutePath().normalize());
    }

    /** Starts after Camel is up: load what is there, then keep watching. */
    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        Path folder = folders.get(0);
        seedExamplesIfNew(folder);
        long period = Math.max(100, properties.pollInterval().toMillis());
        watcher.scheduleWithFixedDelay(this::scan, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Also watch another folder (tests use a temporary one). */
    public synchronized void watch(Path folder) {
        Path normalized = folder.toAbsolutePath().normalize();
        if (!folders.contains(normalized)) {
            folders.add(normalized);
        }
    }

    /** The state of every route file, sorted by path. */
    public List<RouteFileState> files() {
        return List.copyOf(new TreeMap<>(states).values());
    }

    /** Files that failed to load: for the services list and the dashboard. */
    public List<RouteFileState> errors() {
        return files().stream().filter(RouteFileState::failed).toList();
    }

    @Override
    public String key() {
        return "routes";
    }

    @Override
    public Object snapshot() {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("files", states.size());
        snapshot.put("routes", states.values().stream().mapToInt(s -> s.routes().size()).sum());
        snapshot.put("errors", errors());
        snapshot.put("guards", guards.snapshot());
        return snapshot;
    }

    /** One pass over the watched folders: load new files, reload changed ones, unload deleted ones. */
    synchronized void scan() {
        try {
            Set<Path> present = new HashSet<>();
            for (Path folder : folders) {
                if (!Files.isDirectory(folder)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(f)).sorted().toList()) {
                        present.add(file);
                        Seen now = new Seen(Files.getLastModifiedTime(file), Files.size(file));
                        if (!now.equals(seen.get(file))) {
                            seen.put(file, now);
                            reload(file);
                        }
                    }
                }
            }
            for (Path gone : new ArrayList<>(seen.keySet())) {
                if (!present.contains(gone)) {
                    seen.remove(gone);
                    unload(gone);
                    states.remove(gone);
                    log.info("Route file {} was deleted; its routes are removed", gone.getFileName());
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not scan the routes folder: {}", e.getMessage());
        }
    }

    private void reload(Path file) {
        unload(file);
        Set<String> before = routeIds();
        try {
            Resource resource = ResourceHelper.resolveResource(camel, "file:" + file);
            PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
            List<String> added = routeIds().stream().filter(id -> !before.contains(id)).sorted().toList();
            for (String id : added) {
                // the supervising route controller leaves routes added after start-up stopped
                if (!camel.getRouteController().getRouteStatus(id).isStarted()) {
                    camel.getRouteController().startRoute(id);
                }
            }
            states.put(file, new RouteFileState(file.toString(), added, Instant.now(), null));
            log.info("Loaded route file {}: {}", file.getFileName(), added);
        } catch (Exception e) {
            removeRoutes(routeIds().stream().filter(id -> !before.contains(id)).toList());
            LoadError error = describe(e);
            states.put(file, new RouteFileState(file.toString(), List.of(), Instant.now(), error));
            log.warn("Route file {} not loaded (line {}): {}; the other routes keep serving", file.getFileName(),
                    error.line() == null ? "?" : error.line(), error.reason());
        }
    }

    private void unload(Path file) {
        RouteFileState state = states.get(file);
        if (state != null) {
            removeRoutes(state.routes());
        }
    }

    private void removeRoutes(List<String> ids) {
        for (String id : ids) {
            try {
                Route route = camel.getRoute(id);
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
                if (route != null && route.getEndpoint() instanceof PlatformHttpEndpoint http) {
                    unmapHttpPath(http.getPath());
                    camel.removeEndpoint(http);
                }
            } catch (Exception e) {
                log.warn("Could not remove route {}: {}", id, e.getMessage());
            }
        }
    }

    /**
     * Camel 4.17's Spring Boot engine never unmaps a removed platform-http consumer
     * ({@code CamelRequestHandlerMapping.unregisterHttpEndpoint} is empty), so the path would answer 500
     * for ever; unmap it here.
     */
    private void unmapHttpPath(String path) {
        CamelRequestHandlerMapping mapping = httpMappings.getIfAvailable();
        if (mapping == null) {
            return;
        }
        mapping.getHandlerMethods().keySet().stream()
                .filter(info -> info.getPatternValues().contains(path))
                .toList()
                .forEach(mapping::unregisterMapping);
    }

    private Set<String> routeIds() {
        Set<String> ids = new HashSet<>();
        for (Route route : camel.getRoutes()) {
            ids.add(route.getRouteId());
        }
        return ids;
    }

    /** The first line number any cause mentions, and the innermost readable reason. */
    static LoadError describe(Throwable failure) {
        Integer line = null;
        String reason = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            Matcher m = LINE.matcher(message);
            if (line == null && m.find()) {
                line = Integer.valueOf(m.group(1));
            }
            reason = message.strip();
        }
        if (reason == null) {
            reason = failure.getClass().getSimpleName();
        }
        int newline = reason.indexOf('\n');
        return new LoadError(line, newline > 0 ? reason.substring(0, newline) : reason);
    }

    private void seedExamplesIfNew(Path folder) {
        if (Files.exists(folder) || !properties.seedExamples()) {
            return;
        }
        try {
            Path examples = Files.createDirectories(folder.resolve("examples"));
            for (var resource : new PathMatchingResourcePatternResolver().getResources("classpath:routes-examples/*")) {
                String name = resource.getFilename();
                if (name != null && (name.endsWith(".yaml") || name.endsWith(".md"))) {
                    try (InputStream in = resource.getInputStream()) {
                        Files.copy(in, examples.resolve(name));
                    }
                }
            }
            log.info("Created {} with the bundled examples in examples/ (copy one up a level to enable it)", folder);
        } catch (IOException e) {
            log.warn("Could not create the routes folder {}: {}", folder, e.getMessage());
        }
    }

    @Override
    public void destroy() {
        watcher.shutdownNow();
    }
}
