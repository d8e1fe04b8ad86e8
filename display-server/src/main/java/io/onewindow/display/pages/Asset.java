package io.onewindow.display.pages;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * One file as browsers get it: its bytes, the same gzipped when that pays, its type and a strong ETag (a digest
 * of the bytes, so a new build's file is never taken for the old one). Immutable.
 *
 * @param bytes       the file
 * @param gzipped     the file gzipped, or null when it is not text or would not shrink by a tenth
 * @param contentType the Content-Type header
 * @param etag        the quoted ETag of {@code bytes}; the gzipped form's is the same with {@code -gz}
 */
record Asset(Buffer bytes, Buffer gzipped, String contentType, String etag) {

    /** Makes the asset of a file named {@code name} (its extension gives the type). */
    static Asset of(String name, byte[] content) {
        String type = contentType(name);
        Buffer gz = null;
        if (isText(type) && content.length > 512) {
            byte[] z = gzip(content);
            if (z.length < content.length * 0.9) {
                gz = Buffer.buffer(z);
            }
        }
        return new Asset(Buffer.buffer(content), gz, type, "\"" + digest(content) + "\"");
    }

    String gzipEtag() {
        return etag.substring(0, etag.length() - 1) + "-gz\"";
    }

    static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "json" -> "application/json; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "txt" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }

    private static boolean isText(String type) {
        return type.startsWith("text/") || type.startsWith("application/json") || type.equals("image/svg+xml");
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 3 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory", e);
        }
        return out.toByteArray();
    }

    private static String digest(byte[] content) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(content);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
