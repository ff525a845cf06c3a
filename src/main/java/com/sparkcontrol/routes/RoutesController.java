package com.sparkcontrol.routes;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/routes}: every operator route file with its routes, or where and why it failed to load. */
@RestController
class RoutesController {

    private final OperatorRoutes routes;

    RoutesController(OperatorRoutes routes) {
        this.routes = routes;
    }

    @GetMapping("/api/routes")
    List<RouteFileState> files() {
        return routes.files();
    }
}
