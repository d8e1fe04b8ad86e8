package io.onewindow.display.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Reads and checks request bodies: a JSON object whose every field is known and of the right type and size.
 * Every problem is a 400 {@link ApiException} naming the field; nothing here logs a value (a body may hold an
 * ID number). Immutable (static).
 */
final class Bodies {

    private Bodies() {
    }

    /**
     * The body as a JSON object with only the allowed fields. An absent or empty body is an empty object when
     * {@code required} is false.
     */
    static JsonObject object(RoutingContext ctx, Set<String> allowed, boolean required) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0 || isBlank(body)) {
            if (required) {
                throw ApiException.badRequest("MISSING_BODY", "a JSON object body is required");
            }
            return new JsonObject();
        }
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException | IllegalArgumentException | ClassCastException e) {
            throw ApiException.badRequest("BAD_JSON", "the body is not valid JSON");
        }
        if (!(value instanceof JsonObject o)) {
            throw ApiException.badRequest("BAD_JSON", "the body must be a JSON object");
        }
        for (String f : o.fieldNames()) {
            if (!allowed.contains(f)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "unknown field \"" + clip(f) + "\"");
            }
        }
        return o;
    }

    /** A string field, stripped; null when absent and not required. */
    static String string(JsonObject o, String field, boolean required, int maxLength) {
        Object v = o.getValue(field);
        if (v == null) {
            if (required) {
                throw ApiException.badRequest("MISSING_FIELD", "\"" + field + "\" is required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiException.badRequest("BAD_FIELD", "\"" + field + "\" must be a string");
        }
        String t = s.strip();
        if (t.isEmpty()) {
            throw ApiException.badRequest("BAD_FIELD", "\"" + field + "\" must not be empty");
        }
        if (t.length() > maxLength) {
            throw ApiException.badRequest("BAD_FIELD", "\"" + field + "\" must have at most " + maxLength
                    + " characters");
        }
        if (t.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("BAD_FIELD", "\"" + field + "\" must not hold control characters");
        }
        return t;
    }

    /** An enum field by its exact name; null when absent. */
    static <E extends Enum<E>> E enumOf(JsonObject o, String field, Class<E> type) {
        String s = string(o, field, false, 32);
        if (s == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(s)) {
                return e;
            }
        }
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : ", ").append(e.name());
        }
        throw ApiException.badRequest("BAD_FIELD", "\"" + field + "\" must be one of " + names);
    }

    /** A nested object field; null when absent and not required. */
    static JsonObject object(JsonObject o, String field, Set<String> allowed, boolean required) {
        Object v = o.getValue(field);
        if (v == null) {
            if (required) {
                throw ApiException.badRequest("MISSING_FIELD", "\"" + field + "\" is required");
            }
            return null;
        }
        if (!(v instanceof JsonObject n)) {
            throw ApiException.badRequest("BAD_FIELD", "\"" + field + "\" must be an object");
        }
        for (String f : n.fieldNames()) {
            if (!allowed.contains(f)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "unknown field \"" + field + "." + clip(f) + "\"");
            }
        }
        return n;
    }

    /** A ticket id from the path: a positive whole number. */
    static long ticketId(String s) {
        if (s == null || !s.matches("[1-9][0-9]{0,17}")) {
            throw ApiException.badRequest("BAD_TICKET_ID", "a ticket id is a positive whole number");
        }
        return Long.parseLong(s);
    }

    private static boolean isBlank(Buffer b) {
        for (int i = 0; i < b.length(); i++) {
            byte c = b.getByte(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String clip(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
