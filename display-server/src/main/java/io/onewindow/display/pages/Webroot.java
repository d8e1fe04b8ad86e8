package io.onewindow.display.pages;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The files of the pages, read from the class path (the jar): {@code webroot/…} and the WebJars under
 * {@code META-INF/resources/webjars/{name}/{version}/…}, which pages name without the version
 * ({@code /webjars/uplot/dist/uPlot.esm.js}) so that a new version needs no page changed. Thread-safe: a file
 * is read once, on a worker thread (never on an event loop), and kept; the files are a few hundred kilobytes in
 * all. A name that is not a file is not remembered, so unknown names cannot fill the memory.
 */
final class Webroot {

    /** What a name may look like: no "..", no escapes, no hidden files. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");

    private final ClassLoader loader;
    private final ConcurrentHashMap<String, Asset> kept = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Optional<String>> webjarVersions = new ConcurrentHashMap<>();

    Webroot(ClassLoader loader) {
        this.loader = loader;
    }

    static Webroot ofClassPath() {
        return new Webroot(Webroot.class.getClassLoader());
    }

    /** A file under webroot ({@code display.html}, {@code assets/ow.css}); a null result when there is none. */
    Future<Asset> file(Vertx vertx, String name) {
        return load(vertx, "webroot/" + name, name);
    }

    /**
     * A file of a WebJar by its path without the version ({@code uplot}, {@code dist/uPlot.esm.js}); a null
     * result when there is none.
     */
    Future<Asset> webjar(Vertx vertx, String jar, String path) {
        if (!SAFE.matcher(jar).matches() || jar.contains("/")) {
            return Future.succeededFuture();
        }
        Asset a = kept.get("webjar:" + jar + "/" + path);
        if (a != null) {
            return Future.succeededFuture(a);
        }
        return vertx.executeBlocking(() -> webjarVersion(jar), false).compose(v -> v.isEmpty()
                ? Future.succeededFuture()
                : load(vertx, "META-INF/resources/webjars/" + jar + "/" + v.get() + "/" + path, path)
                        .map(found -> {
                            if (found != null) {
                                kept.putIfAbsent("webjar:" + jar + "/" + path, found);
                            }
                            return found;
                        }));
    }

    private Future<Asset> load(Vertx vertx, String resource, String name) {
        if (!SAFE.matcher(name).matches()) {
            return Future.succeededFuture();
        }
        Asset a = kept.get(resource);
        if (a != null) {
            return Future.succeededFuture(a);
        }
        return vertx.executeBlocking(() -> {
            byte[] content = read(resource);
            if (content == null) {
                return null;
            }
            return kept.computeIfAbsent(resource, r -> Asset.of(name, content));
        }, false);
    }

    /** Reads the file, blocking; null when the class path has no such file (or it is a folder). */
    byte[] read(String resource) {
        if (resource.endsWith("/")) {
            return null;
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            return in.readAllBytes();
        } catch (IOException e) {
            // a folder inside a jar reads as an error on some class loaders
            return null;
        }
    }

    /** The version of a WebJar on the class path, from its Maven properties; blocking. */
    private Optional<String> webjarVersion(String jar) {
        return webjarVersions.computeIfAbsent(jar, j -> {
            for (String group : new String[] {"org.webjars.npm", "org.webjars"}) {
                byte[] p = read("META-INF/maven/" + group + "/" + j + "/pom.properties");
                if (p != null) {
                    Properties props = new Properties();
                    try {
                        props.load(new java.io.StringReader(new String(p, StandardCharsets.UTF_8)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    String v = props.getProperty("version");
                    if (v != null && SAFE.matcher(v).matches()) {
                        return Optional.of(v);
                    }
                }
            }
            return Optional.empty();
        });
    }
}
