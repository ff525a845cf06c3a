package com.sparkcontrol.services;

/** A lifecycle action could not finish; the message is what the dashboard shows, secrets already masked. */
class ServiceActionFailure extends RuntimeException {

    ServiceActionFailure(String message) {
        super(message);
    }
}
