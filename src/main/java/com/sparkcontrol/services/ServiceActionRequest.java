package com.sparkcontrol.services;

/** The body sent to {@code direct:services-action}: a service name and an action id, both already well-formed. */
public record ServiceActionRequest(String service, String action) {}
