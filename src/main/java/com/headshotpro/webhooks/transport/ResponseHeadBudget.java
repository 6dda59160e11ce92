package com.headshotpro.webhooks.transport;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.io.HttpTransportMetrics;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.util.CharArrayBuffer;

/**
 * The {@link #MAX_BYTES} that a receiver's whole response head may take in one exchange: the status line
 * and headers of every 1xx interim response and of the final response, and the final response's
 * trailers, line ends included. httpcore limits single lines and counts each message's headers, but
 * neither sums them nor counts trailers; this budget counts every line read for them, so whatever
 * arrives costs at most 16 KiB (and one line) of memory and ends the attempt with
 * {@link HeadTooLargeException}. One per connection ({@link BoundedClientConnection}), renewed with each
 * request it sends.
 */
final class ResponseHeadBudget {

    static final int MAX_BYTES = 16 * 1024;

    /** The response head was longer than {@link #MAX_BYTES} in all, or one of its messages had too many lines. */
    static final class HeadTooLargeException extends MessageConstraintException {
        HeadTooLargeException() {
            super("response headers too large");
        }
    }

    private int used;

    /** Starts the count again, for the next exchange on the connection. */
    void renew() {
        used = 0;
    }

    /** {@code buffer} with every line it reads counted: for status lines and headers. */
    CountedLines head(SessionInputBuffer buffer) {
        return new CountedLines(buffer, true);
    }

    /**
     * {@code buffer} with the lines after the last chunk counted: for a chunked body, whose chunk-size
     * lines are read one at a time into one buffer, while its trailers are kept until the last one.
     */
    CountedLines trailers(SessionInputBuffer buffer) {
        return new CountedLines(buffer, false);
    }

    private void spend(int bytes) throws HeadTooLargeException {
        used += bytes;
        if (used > MAX_BYTES) {
            throw new HeadTooLargeException();
        }
    }

    /** Whether a chunk-size line announces the last chunk (size 0, extensions aside), as httpcore reads it. */
    private static boolean isLastChunk(CharArrayBuffer line, int from) {
        int end = line.indexOf(';', from, line.length());
        String size = line.substringTrimmed(from, end < 0 ? line.length() : end);
        try {
            return Long.parseLong(size, 16) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A session buffer whose line reads draw on the budget; everything else is passed through. */
    final class CountedLines implements SessionInputBuffer {

        private final SessionInputBuffer delegate;
        private boolean counting;

        private CountedLines(SessionInputBuffer delegate, boolean counting) {
            this.delegate = delegate;
            this.counting = counting;
        }

        /** Whether the lines read now are part of the head: always for a head, after the last chunk for a body. */
        boolean counting() {
            return counting;
        }

        @Override
        public int readLine(CharArrayBuffer line, InputStream inputStream) throws IOException {
            int before = line.length();
            int read;
            try {
                read = delegate.readLine(line, inputStream);
            } catch (MessageConstraintException e) {
                throw counting ? new HeadTooLargeException() : e; // a line longer than the whole head
            }
            if (counting) {
                spend(line.length() - before + 2);
            } else {
                counting = isLastChunk(line, before);
            }
            return read;
        }

        @Override
        public int length() {
            return delegate.length();
        }

        @Override
        public int capacity() {
            return delegate.capacity();
        }

        @Override
        public int available() {
            return delegate.available();
        }

        @Override
        public int read(byte[] b, int off, int len, InputStream inputStream) throws IOException {
            return delegate.read(b, off, len, inputStream);
        }

        @Override
        public int read(byte[] b, InputStream inputStream) throws IOException {
            return delegate.read(b, inputStream);
        }

        @Override
        public int read(InputStream inputStream) throws IOException {
            return delegate.read(inputStream);
        }

        @Override
        public HttpTransportMetrics getMetrics() {
            return delegate.getMetrics();
        }
    }
}
