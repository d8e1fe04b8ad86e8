package io.onewindow.display;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How the hall server runs, parsed and checked once by {@link Main}. Immutable.
 *
 * @param host       the address to listen on
 * @param port       the HTTP port; 0 for any free one
 * @param dataDir    the data folder: journals, salt, demo tokens
 * @param hallFiles  hall definitions (JSON); empty for the demo hall
 * @param redisUrl   Redis for the journal instead of the embedded file journal, or null
 * @param tokensFile the role tokens, or null for the demo tokens kept under the data folder
 * @param instances  HTTP verticle instances (event loops serving requests)
 * @param readOnly   follow the halls' Redis streams and serve displays and queries, take no commands
 * @param smsUrl     the SMS gateway the hall's notices are POSTed to, or null for the outbox file under the data
 *                   folder
 * @param redisAcceptLoss the operator accepts a Redis whose persistence can lose acknowledged events (without
 *                   it such a Redis is refused at start-up)
 * @param retentionDays local days of events kept in the journal (Redis or the file), today included
 *                   ({@link #DEFAULT_RETENTION_DAYS}); 0 keeps every day. Older days are dropped at start and after
 *                   each day close, behind a checkpoint of the hall.
 * @param publicUrl  the address citizens' phones reach the server by ({@code https://host[:port]}), put in the
 *                   phone link's QR code; null to use the origin the kiosk reached the server by
 */
public record ServerConfig(String host, int port, Path dataDir, List<Path> hallFiles, String redisUrl,
                           Path tokensFile, int instances, boolean readOnly, URI smsUrl, boolean redisAcceptLoss,
                           int retentionDays, URI publicUrl) {

    /** A month of days: the evaluator's catch-up and the figures of a month stay readable from Redis. */
    public static final int DEFAULT_RETENTION_DAYS = 31;

    /** The phone link's QR code on the origin the kiosk reached the server by. */
    public ServerConfig(String host, int port, Path dataDir, List<Path> hallFiles, String redisUrl,
                        Path tokensFile, int instances, boolean readOnly, URI smsUrl, boolean redisAcceptLoss,
                        int retentionDays) {
        this(host, port, dataDir, hallFiles, redisUrl, tokensFile, instances, readOnly, smsUrl, redisAcceptLoss,
                retentionDays, null);
    }

    /** With the default retention. */
    public ServerConfig(String host, int port, Path dataDir, List<Path> hallFiles, String redisUrl,
                        Path tokensFile, int instances, boolean readOnly, URI smsUrl, boolean redisAcceptLoss) {
        this(host, port, dataDir, hallFiles, redisUrl, tokensFile, instances, readOnly, smsUrl, redisAcceptLoss,
                DEFAULT_RETENTION_DAYS);
    }

    /** A Redis, if any, must keep what it acknowledges. */
    public ServerConfig(String host, int port, Path dataDir, List<Path> hallFiles, String redisUrl, Path tokensFile,
                        int instances, boolean readOnly, URI smsUrl) {
        this(host, port, dataDir, hallFiles, redisUrl, tokensFile, instances, readOnly, smsUrl, false);
    }

    /** Without an SMS gateway: notices go to the outbox file. */
    public ServerConfig(String host, int port, Path dataDir, List<Path> hallFiles, String redisUrl, Path tokensFile,
                        int instances, boolean readOnly) {
        this(host, port, dataDir, hallFiles, redisUrl, tokensFile, instances, readOnly, null);
    }

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new ConfigException("--port: must be from 0 to 65535, was " + port);
        }
        if (instances < 1 || instances > 64) {
            throw new ConfigException("--instances: must be from 1 to 64, was " + instances);
        }
        if (retentionDays < 0 || retentionDays > 36_500) {
            throw new ConfigException("--retention-days: must be from 0 (keep every day) to 36500, was "
                    + retentionDays);
        }
        if (readOnly && redisUrl == null) {
            throw new ConfigException("--read-only: a replica follows the halls' Redis streams, give --redis");
        }
        hallFiles = List.copyOf(hallFiles);
        if (smsUrl != null && !"http".equals(smsUrl.getScheme()) && !"https".equals(smsUrl.getScheme())) {
            throw new ConfigException("--sms-url: must be an http or https URL, was " + smsUrl);
        }
        if (smsUrl != null && smsUrl.getHost() == null) {
            throw new ConfigException("--sms-url: names no host: " + smsUrl);
        }
        if (publicUrl != null) {
            publicUrl = origin(publicUrl);
        }
    }

    /**
     * The origin of a public address, {@code scheme://host[:port]}: the pages are served from the root, so a path
     * (other than "/"), a query, a fragment or a user are refused.
     */
    private static URI origin(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new ConfigException("--public-url: must be an http or https address such as"
                    + " https://hall.example.gov.cn, was " + url);
        }
        if (url.getHost() == null || url.getRawUserInfo() != null) {
            throw new ConfigException("--public-url: must name a host (and no user): " + url);
        }
        String path = url.getRawPath();
        if (path != null && !path.isEmpty() && !"/".equals(path) || url.getRawQuery() != null
                || url.getRawFragment() != null) {
            throw new ConfigException("--public-url: the server's origin only, without a path, query or fragment"
                    + " (the pages are served from the root), was " + url);
        }
        return URI.create(scheme + "://" + url.getRawAuthority());
    }

    /** An instance that owns its halls (not read-only). */
    public ServerConfig(String host, int port, Path dataDir, List<Path> hallFiles, String redisUrl, Path tokensFile,
                        int instances) {
        this(host, port, dataDir, hallFiles, redisUrl, tokensFile, instances, false);
    }

    /** Embedded defaults on a data folder: the demo hall, demo tokens, any free port, one instance. */
    public static ServerConfig embedded(Path dataDir) {
        return new ServerConfig("127.0.0.1", 0, dataDir, List.of(), null, null, 1);
    }

    public ServerConfig withTokens(Path file) {
        return new ServerConfig(host, port, dataDir, hallFiles, redisUrl, file, instances, readOnly, smsUrl,
                redisAcceptLoss, retentionDays, publicUrl);
    }

    public ServerConfig withHalls(List<Path> files) {
        return new ServerConfig(host, port, dataDir, files, redisUrl, tokensFile, instances, readOnly, smsUrl,
                redisAcceptLoss, retentionDays, publicUrl);
    }

    public ServerConfig withSmsUrl(URI url) {
        return new ServerConfig(host, port, dataDir, hallFiles, redisUrl, tokensFile, instances, readOnly, url,
                redisAcceptLoss, retentionDays, publicUrl);
    }

    /** The same, accepting (or not) a Redis that can lose acknowledged events. */
    public ServerConfig withRedisAcceptLoss(boolean accept) {
        return new ServerConfig(host, port, dataDir, hallFiles, redisUrl, tokensFile, instances, readOnly, smsUrl,
                accept, retentionDays, publicUrl);
    }

    /** The same, keeping this many days of events in Redis (0: every day). */
    public ServerConfig withRetentionDays(int days) {
        return new ServerConfig(host, port, dataDir, hallFiles, redisUrl, tokensFile, instances, readOnly, smsUrl,
                redisAcceptLoss, days, publicUrl);
    }

    /** The same, with the phone link's QR code on this public address (null: the origin the kiosk used). */
    public ServerConfig withPublicUrl(URI url) {
        return new ServerConfig(host, port, dataDir, hallFiles, redisUrl, tokensFile, instances, readOnly, smsUrl,
                redisAcceptLoss, retentionDays, url);
    }
}
