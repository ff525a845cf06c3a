package com.sparkcontrol.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Go's text/template that docker {@code --format} strings use: literal text, {@code {{.Field}}},
 * nested {@code {{.State.Running}}}, {@code {{json .}}} and {@code {{json .Field}}}, over a map model.
 */
final class DockerTemplate {

    /** A template that could not be executed; the message is Go's. */
    static final class TemplateError extends Exception {
        TemplateError(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerTemplate() {
    }

    /**
     * Renders {@code template} against {@code model}. With {@code strict} (docker's formatter structs, e.g.
     * {@code docker ps}) an unknown field is an error; otherwise (raw JSON, e.g. inspect) it prints
     * {@code <no value>}.
     */
    static String render(String template, Map<String, Object> model, boolean strict, String typeName)
            throws TemplateError {
        StringBuilder out = new StringBuilder();
        Matcher matcher = ACTION.matcher(template);
        int last = 0;
        while (matcher.find()) {
            out.append(template, last, matcher.start());
            out.append(evaluate(matcher.group(1).trim(), model, strict, typeName, matcher.start() + 2));
            last = matcher.end();
        }
        out.append(template.substring(last));
        return out.toString();
    }

    private static String evaluate(String action, Map<String, Object> model, boolean strict, String typeName,
            int column) throws TemplateError {
        if (action.startsWith("json ")) {
            Object value = lookup(action.substring(5).trim(), model, strict, typeName, column);
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new TemplateError(e.getMessage());
            }
        }
        if (action.startsWith(".")) {
            return format(lookup(action, model, strict, typeName, column));
        }
        throw new TemplateError("template: :1: function \"" + action.split("\\s+")[0] + "\" not defined");
    }

    private static Object lookup(String path, Map<String, Object> model, boolean strict, String typeName,
            int column) throws TemplateError {
        if (path.equals(".")) {
            return model;
        }
        Object current = model;
        for (String field : path.substring(1).split("\\.")) {
            if (current instanceof Map<?, ?> map && map.containsKey(field)) {
                current = map.get(field);
            } else if (strict) {
                throw new TemplateError("template: :1:" + column + ": executing \"\" at <" + path
                        + ">: can't evaluate field " + field + " in type " + typeName);
            } else {
                return "<no value>";
            }
        }
        return current;
    }

    /** Go's {@code %v}. */
    static String format(Object value) {
        if (value == null) {
            return "<nil>";
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                out.append(i > 0 ? " " : "").append(format(list.get(i)));
            }
            return out.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) {
                out.append(first ? "" : " ").append(entry.getKey()).append(':').append(format(entry.getValue()));
                first = false;
            }
            return out.append(']').toString();
        }
        return value.toString();
    }
}
