package com.sparkcontrol.sim.backends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** FastAPI's error bodies: {@code {"detail": "..."}}, {@code {"detail": {...}}} and pydantic's 422 {@code {"detail": [...]}}. */
final class FastApiErrors {

    private FastApiErrors() {
    }

    static ObjectNode detail(String message) {
        return SimJson.object().put("detail", message);
    }

    static ObjectNode detail(JsonNode detail) {
        ObjectNode body = SimJson.object();
        body.set("detail", detail);
        return body;
    }

    /** A pydantic v2 validation item; {@code loc} is e.g. {@code ["body", "speed"]}. */
    static ObjectNode item(String type, String msg, JsonNode input, ObjectNode ctx, Object... loc) {
        ObjectNode item = SimJson.object().put("type", type);
        ArrayNode location = item.putArray("loc");
        for (Object part : loc) {
            if (part instanceof Integer index) {
                location.add(index);
            } else {
                location.add(part.toString());
            }
        }
        item.put("msg", msg);
        item.set("input", input == null ? SimJson.MAPPER.nullNode() : input);
        if (ctx != null) {
            item.set("ctx", ctx);
        }
        return item;
    }

    /** A 422 body holding one item. */
    static ObjectNode validation(ObjectNode item) {
        ArrayNode items = SimJson.array();
        items.add(item);
        return detail(items);
    }

    static ObjectNode missing(JsonNode input, String... loc) {
        return validation(item("missing", "Field required", input, null, loc));
    }
}
