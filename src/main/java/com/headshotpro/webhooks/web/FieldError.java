package com.headshotpro.webhooks.web;

/** One offending field of a rejected request, as problem responses list them under {@code errors}. */
record FieldError(String field, String message) {}
