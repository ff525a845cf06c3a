package com.sparkcontrol.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Where a streamed text field sits inside a choice, e.g. {@code delta.content} or
 * {@code delta.tool_calls[index=1].function.arguments}, so text held back from one event can be written
 * into a later one at the same place.
 */
record DeltaPath(List<Step> steps) {

    /** A field name, or an array element picked by its {@code "index"} field (as tool-call deltas are). */
    record Step(String field, int index) {

        static Step field(String name) {
            return new Step(name, -1);
        }

        static Step element(int index) {
            return new Step(null, index);
        }

        boolean isField() {
            return field != null;
        }
    }

    DeltaPath {
        steps = List.copyOf(steps);
    }

    boolean isArguments() {
        Step last = steps.get(steps.size() - 1);
        return last.isField() && JsonTextFields.isArguments(last.field());
    }

    /**
     * Appends {@code text} to the field at this path in {@code choice}, creating what is missing; false when
     * the choice has something else there.
     */
    boolean appendTo(ObjectNode choice, String text) {
        JsonNode node = choice;
        for (int s = 0; s < steps.size() - 1; s++) {
            Step step = steps.get(s);
            boolean nextIsField = steps.get(s + 1).isField();
            node = step.isField() ? child((ObjectNode) node, step.field(), nextIsField) : element((ArrayNode) node, step.index());
            if (node == null || (nextIsField ? !node.isObject() : !node.isArray())) {
                return false;
            }
        }
        ObjectNode parent = (ObjectNode) node;
        String field = steps.get(steps.size() - 1).field();
        JsonNode existing = parent.get(field);
        if (existing != null && !existing.isTextual() && !existing.isNull()) {
            return false;
        }
        parent.put(field, (existing == null || existing.isNull() ? "" : existing.textValue()) + text);
        return true;
    }

    private static JsonNode child(ObjectNode parent, String field, boolean wantObject) {
        JsonNode child = parent.get(field);
        if (child == null || child.isNull()) {
            return wantObject ? parent.putObject(field) : parent.putArray(field);
        }
        return child;
    }

    private static JsonNode element(ArrayNode array, int index) {
        for (JsonNode element : array) {
            if (element.path("index").asInt(-1) == index) {
                return element;
            }
        }
        ObjectNode added = array.addObject();
        added.put("index", index);
        return added;
    }
}
