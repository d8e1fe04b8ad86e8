package io.onewindow.core.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A journal file's channel on a disk that can fill up: while full, a write stores part of what it was given (as
 * a real write that meets the end of the device does) and the next one fails with the error Linux gives,
 * {@code No space left on device}. Everything else goes to the real file.
 */
public final class FullDiskChannel extends FileChannel {

    private final FileChannel file;
    private volatile boolean full;

    public FullDiskChannel(FileChannel file) {
        this.file = file;
    }

    public void fill() {
        full = true;
    }

    public void free() {
        full = false;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (!full) {
            return file.write(src, position);
        }
        if (src.remaining() > 1) {
            ByteBuffer half = src.duplicate();
            half.limit(half.position() + src.remaining() / 2);
            int n = file.write(half, position);
            src.position(src.position() + n);
            return n;
        }
        throw new IOException("No space left on device");
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (full) {
            throw new IOException("No space left on device");
        }
        return file.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (full) {
            throw new IOException("No space left on device");
        }
        return file.write(srcs, offset, length);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return file.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return file.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        file.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        file.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        if (full) {
            throw new IOException("No space left on device");
        }
        return file.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return file.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}
