package io.onewindow.core.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Tells a torn tail from a damaged file, for the files OneWindow writes as records of
 * {@code [length int][CRC-32C int][length bytes]} (the journal, the evaluations). Stateless.
 *
 * <p>A crash can tear only the last write, and nothing follows it. A bad record followed by a good one means the
 * file was damaged after it was written: cutting it there would silently drop acknowledged records.
 */
public final class RecordScan {

    /** The bytes before a record's body: its length and its checksum. */
    public static final int HEADER_BYTES = 8;

    private RecordScan() {
    }

    /**
     * The offset of the first good record after the bad one at {@code bad}, or -1 when none follows. Looks at every
     * later offset for a record with a plausible length (1 to {@code maxRecordBytes}, within the file) and a right
     * checksum (a random match is a 2^-32 chance per plausible offset), reading the file through one window.
     */
    public static long goodRecordAfter(FileChannel ch, long bad, int maxRecordBytes) throws IOException {
        long size = ch.size();
        if (size - bad <= HEADER_BYTES) {
            return -1;
        }
        CRC32C crc = new CRC32C();
        ByteBuffer window = ByteBuffer.allocate((int) Math.min(size - bad, 2L * maxRecordBytes + 2 * HEADER_BYTES));
        long windowStart = -1;
        for (long at = bad + 1; at + HEADER_BYTES <= size; at++) {
            if (windowStart < 0 || at + HEADER_BYTES > windowStart + window.limit()) {
                windowStart = at;
                window.clear();
                long from = at;
                while (window.hasRemaining()) {
                    int n = ch.read(window, from);
                    if (n < 0) {
                        break;
                    }
                    from += n;
                }
                window.flip();
            }
            int i = (int) (at - windowStart);
            int length = window.getInt(i);
            if (length <= 0 || length > maxRecordBytes || at + HEADER_BYTES + length > size) {
                continue;
            }
            if (i + HEADER_BYTES + length > window.limit()) {
                windowStart = -1; // the record runs past the window: read a new one from here
                at--;
                continue;
            }
            crc.reset();
            crc.update(window.array(), i + HEADER_BYTES, length);
            if ((int) crc.getValue() == window.getInt(i + 4)) {
                return at;
            }
        }
        return -1;
    }
}
