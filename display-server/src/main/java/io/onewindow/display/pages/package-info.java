/**
 * Serving the web pages of the hall (kiosk, window terminal, display, phone, manager): plain HTML, CSS and JS
 * modules from {@code src/main/resources/webroot}, libraries as WebJars. Mounted by the launcher beside the HTTP
 * API and the streams; it may read the halls ({@code .hall}) and the tokens ({@code .access}), never the
 * launcher.
 *
 * <pre>
 *  browser ─▶ GET /{page} ─▶ pages routes ─▶ webroot/… (static, from the jar)
 *          ─▶ the page's JS ─▶ .http API and .ws streams (the same front doors as any client)
 * </pre>
 */
package io.onewindow.display.pages;
