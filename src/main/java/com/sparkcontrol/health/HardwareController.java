package com.sparkcontrol.health;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/hardware} and {@code GET /api/connectivity}: what the last polls saw; never touches a Spark. */
@RestController
class HardwareController {

    private final ClusterHealth health;
    private final ConnectivityHistory connectivity;

    HardwareController(ClusterHealth health, ConnectivityHistory connectivity) {
        this.health = health;
        this.connectivity = connectivity;
    }

    @GetMapping("/api/hardware")
    Map<String, Object> hardware() {
        return health.hardware();
    }

    /** Every kept transition and reported event, oldest first, with uptime per subject. */
    @GetMapping("/api/connectivity")
    Map<String, Object> connectivity() {
        Map<String, Object> uptime = new LinkedHashMap<>();
        connectivity.transitions().stream().map(ConnectivityHistory.Transition::subject).distinct().sorted()
                .forEach(subject -> {
                    Map<String, Double> percent = new LinkedHashMap<>();
                    percent.put("last24hPercent", connectivity.uptimePercent(subject, ClusterHealth.DAY));
                    percent.put("last7dPercent", connectivity.uptimePercent(subject, ClusterHealth.WEEK));
                    uptime.put(subject, percent);
                });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uptime", uptime);
        body.put("transitions", connectivity.transitions());
        body.put("reports", connectivity.reports());
        return body;
    }
}
