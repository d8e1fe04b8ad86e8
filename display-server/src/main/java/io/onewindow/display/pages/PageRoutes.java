package io.onewindow.display.pages;

import io.onewindow.display.access.AccessToken;
import io.onewindow.display.access.AppointmentLinks;
import io.onewindow.display.access.Tokens;
import io.onewindow.display.hall.HallUnavailableException;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages of the hall server and the few API routes only they use, mounted on the server's router beside the
 * API and the streams (see the package description for the conventions). Thread-safe: one instance per server,
 * mounted on the router of every HTTP verticle.
 *
 * <pre>
 * GET /                                   start page: the halls and their pages
 * GET /display/{hall}                     main screen (综合屏)
 * GET /display/{hall}/windows/{w}         window screen (窗口屏)
 * GET /t/{token}                          the phone page of one ticket
 * GET /kiosk/{hall}                       the kiosk (kiosk token, asked on the device)
 * GET /dashboard/{hall}                   the manager's dashboard (manager token, asked on the device)
 * GET /pad/{hall}/windows/{w}             the evaluator pad of a window (pad token, asked on the device)
 * GET /book/{hall}                        booking an appointment, on a phone (halls that take them)
 * GET /a/{token}                          one appointment: see, cancel (the holder's link)
 * GET /assets/…  /webjars/{jar}/…         the pages' files and libraries (ETag, revalidated, gzip)
 * GET /api/v1/me                          what the Bearer token may do: {"role","hall","window"}
 * GET /api/v1/halls/{hall}/screen         the screens' settings: {"notice","spokenCalls"}  (anyone)
 * PUT /api/v1/halls/{hall}/screen         change them (manager)
 * GET /api/v1/halls/{hall}/tickets/{id}/qr.svg|qr.png   the QR code of the ticket's phone link
 * GET /api/v1/halls/{hall}/dashboard      the dashboard's figures (manager)
 * </pre>
 * A page of a hall or window the server does not run answers 404 with a page saying so.
 */
public final class PageRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(PageRoutes.class);
    /** Pages and files are revalidated on every load (ETag): a new version is never hidden behind a cache. */
    private static final String REVALIDATE = "no-cache";

    private final Vertx vertx;
    private final Halls halls;
    private final Webroot webroot;
    private final PageAccess access;
    private final Function<String, Path> hallFolder;
    private final Map<String, ScreenSettings> screens;
    private final QrCodes qr;
    private final DashboardHandler dashboard;
    private final Function<String, Future<Boolean>> evaluationLinks;

    private PageRoutes(Vertx vertx, Halls halls, Tokens tokens, Function<String, Path> hallFolder,
                       Map<String, ScreenSettings> screens, Function<String, Future<Boolean>> evaluationLinks,
                       URI publicUrl) {
        this.vertx = vertx;
        this.halls = halls;
        this.webroot = Webroot.ofClassPath();
        this.access = new PageAccess(tokens);
        this.hallFolder = hallFolder;
        this.screens = screens;
        this.qr = new QrCodes(halls, publicUrl);
        this.dashboard = new DashboardHandler(halls, access);
        this.evaluationLinks = evaluationLinks;
    }

    /**
     * The pages of these halls; reads each hall's screen settings from its folder first (on a worker thread).
     *
     * @param hallFolder the data folder of a hall, by id (where its screen settings are kept)
     */
    public static Future<PageRoutes> create(Vertx vertx, Halls halls, Tokens tokens,
                                            Function<String, Path> hallFolder) {
        return create(vertx, halls, tokens, hallFolder, link -> Future.succeededFuture(false), null);
    }

    /**
     * The pages of these halls, the phone page also for the links of services the evaluator gateway knows: a hall
     * keeps the links of finished tickets only as long as its history of them, while the citizen may rate (and
     * add to a rating) for the hall's evaluation period.
     *
     * @param evaluationLinks whether the evaluator knows the service of a phone link (answered on any thread)
     * @param publicUrl the origin citizens' phones reach the server by, for the phone link's QR code; null for
     *                  the origin each kiosk used
     */
    public static Future<PageRoutes> create(Vertx vertx, Halls halls, Tokens tokens,
                                            Function<String, Path> hallFolder,
                                            Function<String, Future<Boolean>> evaluationLinks, URI publicUrl) {
        return vertx.executeBlocking(() -> {
            Map<String, ScreenSettings> screens = new ConcurrentHashMap<>();
            for (LiveHall h : halls.live()) {
                screens.put(h.hall().id(), ScreenSettings.read(hallFolder.apply(h.hall().id())));
            }
            return new PageRoutes(vertx, halls, tokens, hallFolder, screens, evaluationLinks, publicUrl);
        }, false);
    }

    /** Puts the routes on a router; may be called for several routers (one per verticle instance). */
    public PageRoutes mount(Router r) {
        r.get("/").handler(ctx -> page(ctx, "index.html"));
        r.get("/display/:hall").handler(ctx -> hallPage(ctx, "display.html", h -> true));
        r.get("/display/:hall/windows/:w").handler(ctx -> hallPage(ctx, "window.html",
                h -> h.hall().window(ctx.pathParam("w")) != null));
        r.get("/t/:token").handler(this::ticketPage);
        r.get("/kiosk/:hall").handler(ctx -> hallPage(ctx, "kiosk.html", h -> true));
        r.get("/dashboard/:hall").handler(ctx -> hallPage(ctx, "dashboard.html", h -> true));
        r.get("/pad/:hall/windows/:w").handler(ctx -> hallPage(ctx, "pad.html",
                h -> h.hall().window(ctx.pathParam("w")) != null));
        r.get("/book/:hall").handler(ctx -> hallPage(ctx, "book.html", h -> h.hall().appointments() != null));
        r.get("/a/:token").handler(this::appointmentPage);
        r.get("/favicon.ico").handler(ctx -> file(ctx, "assets/icon.svg"));
        r.get("/assets/*").handler(ctx -> file(ctx, ctx.request().path().substring(1)));
        r.get("/webjars/:jar/*").handler(this::webjar);

        r.get("/api/v1/me").handler(access::me);
        r.get("/api/v1/halls/:hall/screen").handler(this::screen);
        r.put("/api/v1/halls/:hall/screen").handler(BodyHandler.create(false).setBodyLimit(4096))
                .handler(this::changeScreen);
        r.get("/api/v1/halls/:hall/tickets/:id/qr.svg").handler(qr::svg);
        r.get("/api/v1/halls/:hall/tickets/:id/qr.png").handler(qr::png);
        r.get("/api/v1/halls/:hall/dashboard").handler(dashboard::get);
        return this;
    }

    /**
     * The pad's page where no hall runs: on the evaluator gateway's own port ({@code onewindow evaluator}). The
     * page, the pages' files and {@code GET /api/v1/me} (the pad page checks its token with it), with the same
     * headers, ETags and 404 page as on the hall server.
     *
     * @param windowExists whether a hall (first) has a window (second) the gateway serves
     */
    public static void mountPad(Vertx vertx, Router r, Tokens tokens, BiPredicate<String, String> windowExists) {
        Webroot webroot = Webroot.ofClassPath();
        PageAccess access = new PageAccess(tokens);
        BiConsumer<RoutingContext, String> file = (ctx, name) -> serveFile(ctx, webroot.file(vertx, name), 200,
                REVALIDATE);
        r.get("/pad/:hall/windows/:w").handler(ctx -> {
            if (windowExists.test(ctx.pathParam("hall"), ctx.pathParam("w"))) {
                file.accept(ctx, "pad.html");
            } else {
                serveFile(ctx, webroot.file(vertx, "not-found.html"), 404, "no-store");
            }
        });
        r.get("/favicon.ico").handler(ctx -> file.accept(ctx, "assets/icon.svg"));
        r.get("/assets/*").handler(ctx -> file.accept(ctx, ctx.request().path().substring(1)));
        r.get("/api/v1/me").handler(access::me);
    }

    // ---------------------------------------------------------------- pages and files

    /** A page of a hall (and more, by {@code exists}); 404 page when the server runs no such hall or part. */
    private void hallPage(RoutingContext ctx, String file, Predicate<LiveHall> exists) {
        LiveHall h = halls.hall(ctx.pathParam("hall"));
        if (h == null || !exists.test(h)) {
            notFound(ctx);
            return;
        }
        page(ctx, file);
    }

    /** The phone page: only for a link some ticket of this server carries, or a service the evaluator knows. */
    private void ticketPage(RoutingContext ctx) {
        boolean known;
        try {
            known = halls.tracked(ctx.pathParam("token")) != null;
        } catch (HallUnavailableException e) {
            known = true; // a hall still replays its journal: the page waits for its stream
        }
        if (known) {
            page(ctx, "ticket.html");
            return;
        }
        evaluationLinks.apply(ctx.pathParam("token")).onComplete(ar -> {
            if (ar.succeeded() && Boolean.TRUE.equals(ar.result())) {
                page(ctx, "ticket.html"); // a service the hall forgot, still to be rated or added to
            } else {
                notFound(ctx);
            }
        });
    }

    /** One appointment's page: only for a link that opens a booking of this server. */
    private void appointmentPage(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        long id = AppointmentLinks.idOf(token);
        for (LiveHall h : halls.live()) {
            if (id > 0 && AppointmentLinks.opens(token, h.dispatcher().bookings().byId(id))) {
                page(ctx, "appointment.html");
                return;
            }
        }
        notFound(ctx);
    }

    private void page(RoutingContext ctx, String file) {
        serve(ctx, webroot.file(vertx, file), 200, REVALIDATE);
    }

    private void notFound(RoutingContext ctx) {
        serve(ctx, webroot.file(vertx, "not-found.html"), 404, "no-store");
    }

    private void file(RoutingContext ctx, String name) {
        serve(ctx, webroot.file(vertx, name), 200, REVALIDATE);
    }

    private void webjar(RoutingContext ctx) {
        String prefix = "/webjars/" + ctx.pathParam("jar") + "/";
        String path = ctx.request().path();
        if (!path.startsWith(prefix)) {
            PageAccess.error(ctx, 404, "NOT_FOUND", "no such file");
            return;
        }
        serve(ctx, webroot.webjar(vertx, ctx.pathParam("jar"), path.substring(prefix.length())), 200, REVALIDATE);
    }

    private void serve(RoutingContext ctx, Future<Asset> found, int status, String cacheControl) {
        serveFile(ctx, found, status, cacheControl);
    }

    private static void serveFile(RoutingContext ctx, Future<Asset> found, int status, String cacheControl) {
        found.onComplete(ar -> {
            if (ctx.response().ended()) {
                return;
            }
            if (ar.failed()) {
                LOG.error("reading a page file failed", ar.cause());
                PageAccess.error(ctx, 500, "INTERNAL", "the page could not be read");
                return;
            }
            Asset a = ar.result();
            if (a == null) {
                PageAccess.error(ctx, 404, "NOT_FOUND", "no such file");
                return;
            }
            send(ctx, a, status, cacheControl);
        });
    }

    /** Writes a file: 304 when the browser holds it, gzipped when the browser takes gzip and it pays. */
    static void send(RoutingContext ctx, Asset a, int status, String cacheControl) {
        HttpServerResponse res = SecurityHeaders.apply(ctx.response());
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
        boolean gzip = a.gzipped() != null && accept != null && accept.contains("gzip");
        String etag = gzip ? a.gzipEtag() : a.etag();
        res.putHeader(HttpHeaders.CACHE_CONTROL, cacheControl).putHeader(HttpHeaders.VARY, "Accept-Encoding");
        if (status == 200) {
            res.putHeader(HttpHeaders.ETAG, etag);
            String held = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
            if (held != null && (held.contains(etag) || held.trim().equals("*"))) {
                res.setStatusCode(304).end();
                return;
            }
        }
        res.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, a.contentType());
        if (gzip) {
            res.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        if (ctx.request().method() == HttpMethod.HEAD) {
            res.end();
        } else {
            res.end(gzip ? a.gzipped() : a.bytes());
        }
    }

    // ---------------------------------------------------------------- screen settings

    /** GET /api/v1/halls/{hall}/screen (anyone, as the screens are): {"notice","spokenCalls"}. */
    private void screen(RoutingContext ctx) {
        String id = ctx.pathParam("hall");
        ScreenSettings s = halls.hall(id) == null ? null : screens.get(id);
        if (s == null) {
            PageAccess.error(ctx, 404, "UNKNOWN_HALL", "this server runs no such hall");
            return;
        }
        PageAccess.json(ctx, 200, s.toJson());
    }

    /** PUT /api/v1/halls/{hall}/screen (manager) {"notice","spokenCalls"}: answered once on disk. */
    private void changeScreen(RoutingContext ctx) {
        String id = ctx.pathParam("hall");
        if (halls.hall(id) == null) {
            PageAccess.error(ctx, 404, "UNKNOWN_HALL", "this server runs no such hall");
            return;
        }
        AccessToken who = access.require(ctx, id, PageAccess.MANAGERS);
        if (who == null) {
            return;
        }
        if (ctx.body() == null || ctx.body().length() == 0) {
            PageAccess.error(ctx, 400, "MISSING_BODY", "a JSON body {\"notice\",\"spokenCalls\"} is required");
            return;
        }
        ScreenSettings next;
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new DecodeException("null");
            }
            next = screens.get(id).with(body);
        } catch (DecodeException | ClassCastException e) {
            PageAccess.error(ctx, 400, "BAD_JSON", "the body is not a JSON object");
            return;
        } catch (IllegalArgumentException e) {
            String[] codeAndMessage = e.getMessage().split(":", 2);
            PageAccess.error(ctx, 400, codeAndMessage[0], codeAndMessage[1]);
            return;
        }
        vertx.executeBlocking(() -> {
            synchronized (screens) {
                next.write(hallFolder.apply(id));
                screens.put(id, next);
            }
            return next;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error("hall {}: the screen settings could not be written", id, ar.cause());
                PageAccess.error(ctx, 503, "STORE_UNAVAILABLE", "the settings could not be saved; try again");
                return;
            }
            LOG.info("hall {}: screen settings changed", id);
            PageAccess.json(ctx, 200, ar.result().toJson());
        });
    }
}
