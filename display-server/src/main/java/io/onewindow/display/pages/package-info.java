/**
 * Serving the web pages of the hall: the start page, the main screen (综合屏), the window screens (窗口屏), the
 * phone page of a ticket (with its evaluation form), the kiosk, the manager's dashboard (with the 好差评 figures and
 * cases) and the evaluator pads (评价器); plain HTML, CSS and JavaScript modules from
 * {@code src/main/resources/webroot}, libraries as WebJars, nothing from outside the server. {@link
 * io.onewindow.display.pages.PageRoutes} mounts the pages and the few API routes only they use; it reads the
 * halls ({@code .hall}) and the tokens ({@code .access}), never the launcher or another front door.
 *
 * <pre>
 *  browser ─▶ GET /display/demo ─▶ PageRoutes ─▶ webroot/display.html (from the jar, ETag, gzip, security headers)
 *          ─▶ /assets/js/display.js ─▶ /ws/v1/halls/demo/display  (.ws: Snapshot, then events; ?since= resumes)
 *                                   ─▶ /api/v1/halls/...           (.http: the API, Bearer token from the device)
 * </pre>
 *
 * <h2>Conventions every page follows (and pages added later: the pad, booking)</h2>
 * <ul>
 *   <li><b>Files.</b> A page is {@code webroot/<page>.html} with no inline script or style (the
 *       Content-Security-Policy forbids both): it links {@code /assets/ow.css} (the shared look: Chinese font
 *       stack, large type, 56 px touch targets, the reconnecting overlay, the token dialog) and its own CSS, and
 *       loads one module {@code /assets/js/<page>.js}. Shared modules: {@code api.js} (the API, the token),
 *       {@code stream.js} (following streams), {@code hall-model.js} (a hall's line from its events),
 *       {@code format.js} (dates in the hall's zone, waits, the call sentence, {@code el()} to build elements
 *       without HTML strings). A route is one line in {@link io.onewindow.display.pages.PageRoutes#mount}:
 *       {@code hallPage(ctx, "pad.html", h -> h.hall().window(ctx.pathParam("w")) != null)}; a page of a hall
 *       or window the server does not run answers 404 with {@code not-found.html}.</li>
 *   <li><b>Libraries.</b> As WebJars (a dependency of display-server), served from the jar at
 *       {@code /webjars/<name>/<path without version>}, e.g. {@code /webjars/uplot/dist/uPlot.esm.js}.</li>
 *   <li><b>Caching.</b> Pages and files carry a strong ETag (a digest of their bytes) and
 *       {@code Cache-Control: no-cache}: a browser revalidates on every load (a 304 costs a few bytes, and a slow
 *       phone gets text gzipped), and a new build is never hidden behind an old copy.</li>
 *   <li><b>Never a stale number.</b> A page that shows live figures follows its stream with
 *       {@code followHall(hall, {onSnapshot, onEvent, onStatus: showConnection})} or {@code followTicket(token,
 *       ...)} from {@code stream.js}: it reconnects by itself with {@code ?since=} (so the calls missed arrive,
 *       in order), and while the stream is lost {@code showConnection} puts up 正在重新连接 and hides every
 *       element marked {@code class="ow-live"}. A watchdog compares the page's sequence with
 *       {@code /queue} and reconnects a stream that went quiet without closing. No page needs a reload.</li>
 *   <li><b>Tokens.</b> A page that needs a role token calls {@code requireToken({kind, roles, hall, title})}
 *       from {@code api.js}: asked once in a dialog, checked with {@code GET /api/v1/me}, kept on that device in
 *       {@code localStorage["onewindow.token.<kind>"]} and sent only in the {@code Authorization: Bearer}
 *       header; never in a URL, so no screen shows it and no log writes it. 401 forgets it and asks again. The
 *       phone link {@code /t/{token}} is a capability of one ticket, not a role token; pages send it as Bearer
 *       too (never {@code ?token=}). A WebSocket cannot carry a header: the pad offers its token as the
 *       subprotocol {@code bearer.<token>} beside {@code onewindow.pad}, which the server selects.</li>
 *   <li><b>Security headers</b> ({@link io.onewindow.display.pages.SecurityHeaders}) on every page and file:
 *       a CSP that allows only the server itself, nosniff, no referrer, no framing.</li>
 *   <li><b>Hooks for other pages.</b> The phone page dispatches {@code onewindow:ticket} (every message) and
 *       {@code onewindow:service-completed} ({@code detail: {hall, ticketId, token, window}}) on
 *       {@code document} and leaves {@code <section id="after-service">} empty for the evaluation form; the
 *       dashboard has {@code <section id="dashboard-extra">} for more sections (evaluations, cases,
 *       appointments); the kiosk has {@code <section id="kiosk-extra">} (appointment check-in).</li>
 *   <li><b>Tests.</b> Page tests extend {@code BrowserTest} (display-server's tests, this package): one real
 *       server on port 0 over a temporary data folder and one headless Chromium per class;
 *       {@code waitForText} for what a person sees, {@code screenshot("name")} into
 *       {@code docs/screenshots/}, {@code CuttableProxy} to drop a page's connection.</li>
 * </ul>
 */
package io.onewindow.display.pages;
