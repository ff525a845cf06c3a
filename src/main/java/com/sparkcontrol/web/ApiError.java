package com.sparkcontrol.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every failed {@code /api} call: a short error and, when useful, what to do about it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String detail) {}
