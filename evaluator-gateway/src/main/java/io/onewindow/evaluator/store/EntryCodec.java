package io.onewindow.evaluator.store;

import io.onewindow.evaluator.CaseAction;
import io.onewindow.evaluator.CaseStep;
import io.onewindow.evaluator.Entry;
import io.onewindow.evaluator.Evaluation;
import io.onewindow.evaluator.EvaluationChannel;
import io.onewindow.evaluator.JsonText;
import io.onewindow.evaluator.Level;
import io.onewindow.evaluator.ServiceRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of an {@link Entry}: one JSON object, UTF-8, the same in the file and in Redis. Immutable
 * (static). {@code decode(encode(e)).equals(e)} for every entry.
 *
 * <pre>
 * {"k":"opened","s":{"id":"demo.42","h":"demo","q":42,"t":7,"n":"A007","c":"A","w":"1","si":"0571","sn":"王营定",
 *  "at":1795400000000,"l":"&lt;sha-256 hex of the phone link&gt;"}}
 * {"k":"rated","e":"E..","r":"&lt;request id&gt;","s":{...},"v":5,"rs":[],"m":"","ch":"PAD","at":..,"ao":null}
 * {"k":"case","c":"CE..","h":"demo","a":"VERIFY","b":"0001","at":..,"m":"","sat":0,"x":0}
 * </pre>
 */
public final class EntryCodec {

    private EntryCodec() {
    }

    /**
     * The entry's JSON text: the fields of {@link #toJson}, in its order, written directly (a stored entry is
     * encoded once per rating on the gateway's thread; this costs a fraction of building the JsonObject and
     * encoding it through Jackson).
     */
    public static String encode(Entry entry) {
        StringBuilder b = new StringBuilder(384);
        if (entry instanceof Entry.Opened o) {
            b.append("{\"k\":\"opened\",\"s\":");
            service(b, o.service());
            return b.append('}').toString();
        }
        if (entry instanceof Entry.Rated r) {
            Evaluation e = r.evaluation();
            b.append("{\"k\":\"rated\"");
            JsonText.quote(JsonText.name(b, "e", false), e.evaluationId());
            JsonText.quote(JsonText.name(b, "r", false), e.requestId());
            service(JsonText.name(b, "s", false), e.service());
            JsonText.name(b, "v", false).append(e.level().value());
            JsonText.name(b, "rs", false).append('[');
            for (int i = 0; i < e.reasons().size(); i++) {
                JsonText.quote(i == 0 ? b : b.append(','), e.reasons().get(i));
            }
            b.append(']');
            JsonText.quote(JsonText.name(b, "m", false), e.comment());
            JsonText.quote(JsonText.name(b, "ch", false), e.channel().name());
            JsonText.name(b, "at", false).append(e.ratedAtMillis());
            JsonText.quote(JsonText.name(b, "ao", false), e.addOnTo());
            return b.append('}').toString();
        }
        CaseStep c = ((Entry.CaseStepped) entry).step();
        b.append("{\"k\":\"case\"");
        JsonText.quote(JsonText.name(b, "c", false), c.caseId());
        JsonText.quote(JsonText.name(b, "h", false), c.hall());
        JsonText.quote(JsonText.name(b, "a", false), c.action().name());
        JsonText.quote(JsonText.name(b, "b", false), c.by());
        JsonText.name(b, "at", false).append(c.atMillis());
        JsonText.quote(JsonText.name(b, "m", false), c.note());
        JsonText.name(b, "sat", false).append(c.satisfaction());
        JsonText.name(b, "x", false).append(c.extraDays());
        return b.append('}').toString();
    }

    private static void service(StringBuilder b, ServiceRecord s) {
        JsonText.quote(JsonText.name(b.append('{'), "id", true), s.serviceId());
        JsonText.quote(JsonText.name(b, "h", false), s.hall());
        JsonText.name(b, "q", false).append(s.seq());
        JsonText.name(b, "t", false).append(s.ticketId());
        JsonText.quote(JsonText.name(b, "n", false), s.number());
        JsonText.quote(JsonText.name(b, "c", false), s.category());
        JsonText.quote(JsonText.name(b, "w", false), s.window());
        JsonText.quote(JsonText.name(b, "si", false), s.staffId());
        JsonText.quote(JsonText.name(b, "sn", false), s.staffName());
        JsonText.name(b, "at", false).append(s.completedAtMillis());
        JsonText.quote(JsonText.name(b, "l", false), s.linkKey());
        b.append('}');
    }

    public static JsonObject toJson(Entry entry) {
        if (entry instanceof Entry.Opened o) {
            return new JsonObject().put("k", "opened").put("s", service(o.service()));
        }
        if (entry instanceof Entry.Rated r) {
            Evaluation e = r.evaluation();
            return new JsonObject().put("k", "rated").put("e", e.evaluationId()).put("r", e.requestId())
                    .put("s", service(e.service())).put("v", e.level().value())
                    .put("rs", new JsonArray(new ArrayList<Object>(e.reasons()))).put("m", e.comment())
                    .put("ch", e.channel().name()).put("at", e.ratedAtMillis()).put("ao", e.addOnTo());
        }
        CaseStep c = ((Entry.CaseStepped) entry).step();
        return new JsonObject().put("k", "case").put("c", c.caseId()).put("h", c.hall())
                .put("a", c.action().name()).put("b", c.by()).put("at", c.atMillis()).put("m", c.note())
                .put("sat", c.satisfaction()).put("x", c.extraDays());
    }

    /** Reads an entry back; a record that is not one is an {@link IllegalArgumentException}. */
    public static Entry decode(String json) {
        JsonObject o;
        try {
            o = new JsonObject(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an entry: " + e.getMessage(), e);
        }
        String kind = o.getString("k");
        if ("opened".equals(kind)) {
            return new Entry.Opened(service(o.getJsonObject("s")));
        }
        if ("rated".equals(kind)) {
            List<String> reasons = new ArrayList<>();
            for (Object x : o.getJsonArray("rs", new JsonArray())) {
                reasons.add(String.valueOf(x));
            }
            return new Entry.Rated(new Evaluation(o.getString("e"), o.getString("r"), service(o.getJsonObject("s")),
                    Level.of(o.getInteger("v")), reasons, o.getString("m"),
                    EvaluationChannel.valueOf(o.getString("ch")), o.getLong("at"), o.getString("ao")));
        }
        if ("case".equals(kind)) {
            return new Entry.CaseStepped(new CaseStep(o.getString("c"), o.getString("h"),
                    CaseAction.valueOf(o.getString("a")), o.getString("b"), o.getLong("at"), o.getString("m"),
                    o.getInteger("sat", 0), o.getInteger("x", 0)));
        }
        throw new IllegalArgumentException("unknown entry kind " + kind);
    }

    private static JsonObject service(ServiceRecord s) {
        return new JsonObject().put("id", s.serviceId()).put("h", s.hall()).put("q", s.seq()).put("t", s.ticketId())
                .put("n", s.number()).put("c", s.category()).put("w", s.window()).put("si", s.staffId())
                .put("sn", s.staffName()).put("at", s.completedAtMillis()).put("l", s.linkKey());
    }

    private static ServiceRecord service(JsonObject o) {
        return new ServiceRecord(o.getString("id"), o.getString("h"), o.getLong("q"), o.getLong("t"),
                o.getString("n"), o.getString("c"), o.getString("w"), o.getString("si"), o.getString("sn"),
                o.getLong("at"), o.getString("l"));
    }
}
