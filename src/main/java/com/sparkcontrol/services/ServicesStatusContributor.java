package com.sparkcontrol.services;

import com.sparkcontrol.web.StatusContributor;
import org.springframework.stereotype.Component;

/** The {@code services} part of {@code GET /api/status}: what the last listings and probes found, and running actions. */
@Component
class ServicesStatusContributor implements StatusContributor {

    private final ServiceStatusView view;

    ServicesStatusContributor(ServiceStatusView view) {
        this.view = view;
    }

    @Override
    public String key() {
        return "services";
    }

    @Override
    public Object snapshot() {
        return view.snapshot();
    }
}
