/**
 * Who may do what: the {@link io.onewindow.display.access.Role}s of DESIGN.md's Security, the role tokens a
 * server knows ({@link io.onewindow.display.access.Tokens}, kept as SHA-256 digests, compared in constant time)
 * and the random tokens of role tokens and phone links ({@link io.onewindow.display.access.Tokens#newToken}).
 *
 * <pre>
 *  tokens file (or demo tokens) ─▶ Tokens.read ─▶ AccessToken(sha256, role, window, hall)
 *  request's Bearer token ─▶ Tokens.authenticate ─▶ AccessToken or null ─▶ the front door decides 401 / 403
 * </pre>
 */
package io.onewindow.display.access;
