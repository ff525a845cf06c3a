package com.sparkcontrol.support;

import com.sparkcontrol.sim.SimulatedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.awaitility.Awaitility;

/**
 * Pauses the routes that run by themselves (quartz, timer, scheduler: the health poll and the like) and waits until
 * none of their exchanges is in flight, so that the only commands a simulated Spark records are those a test's own
 * request caused. {@link #resume()} starts them again.
 */
public final class BackgroundPollers {

    private final CamelContext camel;
    private final List<String> paused;

    private BackgroundPollers(CamelContext camel, List<String> paused) {
        this.camel = camel;
        this.paused = paused;
    }

    public static BackgroundPollers pause(CamelContext camel) {
        List<String> paused = new ArrayList<>();
        try {
            for (Route route : camel.getRoutes()) {
                String scheme = route.getEndpoint().getEndpointUri().split(":", 2)[0];
                if ((scheme.equals("quartz") || scheme.equals("timer") || scheme.equals("scheduler"))
                        && camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                    camel.getRouteController().suspendRoute(route.getRouteId());
                    paused.add(route.getRouteId());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot pause the background routes", e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> camel.getInflightRepository().size() == 0);
        return new BackgroundPollers(camel, paused);
    }

    /** What an action answered, and every command the simulated Sparks recorded while it ran. */
    public record Quiet<T>(T result, List<String> commands) {}

    /** Runs the action with the pollers paused and the Sparks' records cleared, and returns what it caused. */
    public static <T> Quiet<T> during(CamelContext camel, SimulatedCluster cluster, Supplier<T> action) {
        BackgroundPollers pollers = pause(camel);
        try {
            cluster.clearRecords();
            T result = action.get();
            List<String> commands = new ArrayList<>();
            cluster.execs().forEach(e -> commands.add(e.commandLine()));
            cluster.commands().forEach(c -> commands.add(c.line()));
            return new Quiet<>(result, commands);
        } finally {
            pollers.resume();
        }
    }

    public void resume() {
        for (String id : paused) {
            try {
                camel.getRouteController().resumeRoute(id);
            } catch (Exception e) {
                throw new IllegalStateException("cannot resume " + id, e);
            }
        }
    }
}
