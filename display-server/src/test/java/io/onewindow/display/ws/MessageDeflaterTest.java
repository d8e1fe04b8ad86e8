package io.onewindow.display.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** One message's permessage-deflate payload, as decompressors with and without context takeover read it. */
class MessageDeflaterTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] deflate(String s) {
        return ByteBufUtil.getBytes(MessageDeflater.deflate(utf8(s)));
    }

    /** RFC 7692 7.2.2: the four bytes the sender left off put back, then inflated in this inflater's window. */
    private static String inflate(Inflater inflater, byte[] payload) throws DataFormatException {
        byte[] tailed = Arrays.copyOf(payload, payload.length + 4);
        tailed[tailed.length - 2] = (byte) 0xff;
        tailed[tailed.length - 1] = (byte) 0xff;
        inflater.setInput(tailed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = inflater.inflate(chunk)) > 0) {
            out.write(chunk, 0, n);
        }
        assertThat(inflater.getRemaining()).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldBeReadWithOrWithoutTheWindowOfEarlierMessages() throws Exception {
        String first = "{\"type\":\"TicketCalled\",\"seq\":41,\"number\":\"A001\",\"window\":\"1号窗口\"}";
        String second = "{\"type\":\"TicketCalled\",\"seq\":42,\"number\":\"A002\",\"window\":\"1号窗口\"}";
        Inflater kept = new Inflater(true);
        Inflater fresh = new Inflater(true);

        byte[] a = deflate(first);
        byte[] b = deflate(second);

        assertThat(inflate(kept, a)).isEqualTo(first);
        assertThat(inflate(kept, b)).as("with context takeover").isEqualTo(second);
        assertThat(inflate(fresh, b)).as("without: the second refers to nothing of the first").isEqualTo(second);
        assertThat(Arrays.copyOfRange(b, b.length - 4, b.length)).as("the flush's tail left off")
                .isNotEqualTo(new byte[] {0, 0, (byte) 0xff, (byte) 0xff});
        assertThat(deflate(second)).as("the same bytes every time: any event loop may make them").isEqualTo(b);
        kept.end();
        fresh.end();
    }

    @Test
    void shouldCompressAMessageLargerThanItsFirstBuffer() throws Exception {
        StringBuilder json = new StringBuilder("{\"type\":\"Snapshot\",\"next\":[");
        Random random = new Random(7);
        while (json.length() < 300_000) {
            json.append("\"A").append(random.nextInt(1_000_000)).append("\",");
        }
        json.append("\"A0\"]}");
        Inflater inflater = new Inflater(true);

        byte[] payload = deflate(json.toString());

        assertThat(payload.length).isGreaterThan(4096);
        assertThat(inflate(inflater, payload)).isEqualTo(json.toString());
        inflater.end();
    }
}
