package io.onewindow.display.pages;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.onewindow.core.TicketView;
import io.onewindow.display.access.PhoneLinks;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The QR code of a ticket's phone link, as the kiosk shows it and a printer prints it: made on the server by
 * ZXing, as SVG (sharp at any size) or PNG. Stateless.
 *
 * <p>{@code GET /api/v1/halls/{hall}/tickets/{id}/qr.svg} (or {@code qr.png}) with the ticket's phone link token
 * as Bearer (the kiosk has it from the answer that issued the ticket; the hall keeps only its digest, so no one
 * else can ask): the code of {@code {origin}/t/{token}}, where the origin is the hall's public address
 * ({@code --public-url}) or, without one, the one the asker reached the server by. Error correction M (15 %), the standard quiet zone of 4 modules (with less, a reader misses
 * about one code in a hundred).
 */
final class QrCodes {

    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");
    private static final int PNG_MODULE_PIXELS = 8;

    private final Halls halls;
    private final String publicOrigin;

    /** @param publicUrl the origin phones reach the server by, or null for the one each asker used */
    QrCodes(Halls halls, URI publicUrl) {
        this.halls = halls;
        this.publicOrigin = publicUrl == null ? null : publicUrl.toString();
    }

    void svg(RoutingContext ctx) {
        String link = link(ctx);
        if (link != null) {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/svg+xml")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-store")
                    .end(svg(encode(link)));
        }
    }

    void png(RoutingContext ctx) {
        String link = link(ctx);
        if (link != null) {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/png")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-store")
                    .end(Buffer.buffer(png(encode(link), PNG_MODULE_PIXELS)));
        }
    }

    /** The absolute phone link of the ticket of the path, or null after answering why not. */
    private String link(RoutingContext ctx) {
        LiveHall hall = halls.hall(ctx.pathParam("hall"));
        if (hall == null) {
            PageAccess.error(ctx, 404, "UNKNOWN_HALL", "this server runs no such hall");
            return null;
        }
        String idText = ctx.pathParam("id");
        if (idText == null || !idText.matches("[0-9]{1,18}")) {
            PageAccess.error(ctx, 400, "BAD_TICKET_ID", "a ticket id is a positive number");
            return null;
        }
        TicketView v = hall.dispatcher().ticket(Long.parseLong(idText));
        String presented = PageAccess.bearer(ctx);
        if (v == null || !PhoneLinks.matches(presented, v.ticket().trackToken())) {
            PageAccess.error(ctx, 401, "UNAUTHORIZED", "the ticket's phone link is required as Bearer token");
            return null;
        }
        if (publicOrigin != null) {
            return publicOrigin + "/t/" + presented;
        }
        String host = ctx.request().getHeader(HttpHeaders.HOST);
        if (host == null || !HOST.matcher(host).matches()) {
            PageAccess.error(ctx, 400, "BAD_HOST", "the Host header does not name this server");
            return null;
        }
        return ctx.request().scheme() + "://" + host + "/t/" + presented;
    }

    /** The QR code of a text: one bit per module, quiet zone included. */
    static BitMatrix encode(String text) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.MARGIN, 4,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name()));
        } catch (WriterException e) {
            throw new IllegalArgumentException("text too long for a QR code: " + text.length() + " characters", e);
        }
    }

    /** The code as SVG: a white square and one path of black modules, a unit per module. */
    static String svg(BitMatrix m) {
        int w = m.getWidth();
        int h = m.getHeight();
        StringBuilder d = new StringBuilder(w * h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (m.get(x, y)) {
                    int run = 1;
                    while (x + run < w && m.get(x + run, y)) {
                        run++;
                    }
                    d.append('M').append(x).append(' ').append(y).append('h').append(run).append("v1h-").append(run)
                            .append('z');
                    x += run - 1;
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h
                + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"手机查看排队进度的二维码\">"
                + "<rect width=\"" + w + "\" height=\"" + h + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + d + "\"/></svg>";
    }

    /** The code as PNG, {@code scale} pixels per module. */
    static byte[] png(BitMatrix m, int scale) {
        int w = m.getWidth();
        int h = m.getHeight();
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                img.setRGB(x, y, m.get(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG in memory", e);
        }
        return out.toByteArray();
    }
}
