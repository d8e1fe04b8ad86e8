package io.onewindow.display.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of {@code GET /metrics} read as Prometheus reads the text format 0.0.4: {@code # HELP} and
 * {@code # TYPE} lines, then samples {@code name{label="value",...} number}. Every line must parse, and every
 * sample must belong to a family with a type; otherwise {@link #parse} fails naming the line.
 */
public final class PrometheusScrape {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile(
            "([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\",?");
    private static final List<String> SUFFIXES = List.of("_total", "_count", "_sum", "_bucket", "_max", "_created");

    /** One sample: its name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types;
    private final List<Sample> samples;

    private PrometheusScrape(Map<String, String> types, List<Sample> samples) {
        this.types = types;
        this.samples = samples;
    }

    public static PrometheusScrape parse(String text) {
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] p = line.substring(7).split(" ");
                if (p.length != 2 || !NAME.matcher(p[0]).matches()
                        || !List.of("counter", "gauge", "summary", "histogram", "untyped").contains(p[1])) {
                    throw new AssertionError("line " + n + ": bad TYPE: " + line);
                }
                types.put(p[0], p[1]);
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# EOF")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("line " + n + ": not a sample: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null && !m.group(2).isEmpty()) {
                Matcher l = LABEL.matcher(m.group(2));
                int end = 0;
                while (l.find() && l.start() == end) {
                    labels.put(l.group(1), l.group(2));
                    end = l.end();
                }
                if (end != m.group(2).length()) {
                    throw new AssertionError("line " + n + ": bad labels: " + line);
                }
            }
            double value;
            try {
                value = switch (m.group(3)) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    case "NaN" -> Double.NaN;
                    default -> Double.parseDouble(m.group(3));
                };
            } catch (NumberFormatException e) {
                throw new AssertionError("line " + n + ": bad value: " + line);
            }
            String name = m.group(1);
            if (family(types, name) == null) {
                throw new AssertionError("line " + n + ": a sample of no typed family: " + line);
            }
            samples.add(new Sample(name, labels, value));
        }
        return new PrometheusScrape(types, samples);
    }

    private static String family(Map<String, String> types, String sample) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String s : SUFFIXES) {
            if (sample.endsWith(s) && types.containsKey(sample.substring(0, sample.length() - s.length()))) {
                return sample.substring(0, sample.length() - s.length());
            }
        }
        return null;
    }

    /** The type of a family, or null. */
    public String type(String family) {
        return types.get(family);
    }

    /** The samples of this name whose labels include these (name, value pairs). */
    public List<Sample> samples(String name, String... labels) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                match &= labels[i + 1].equals(s.labels().get(labels[i]));
            }
            if (match) {
                out.add(s);
            }
        }
        return out;
    }

    /** The value of the one sample of this name with these labels; fails if there is none or more than one. */
    public double value(String name, String... labels) {
        List<Sample> found = samples(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + " " + List.of(labels) + ": " + found);
        }
        return found.get(0).value();
    }

    /** Whether a sample of a name starting with this prefix is there. */
    public boolean hasFamilyStartingWith(String prefix) {
        return samples.stream().anyMatch(s -> s.name().startsWith(prefix));
    }
}
