package com.headshotpro.webhooks.delivery;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParser;
import org.apache.hc.core5.http.io.HttpMessageParserFactory;
import org.apache.hc.core5.http.io.HttpTransportMetrics;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.util.CharArrayBuffer;

/**
 * Parses a response head (status line and headers) of at most {@link #MAX_HEAD_BYTES} in all. httpcore
 * limits single lines ({@link #HTTP1_CONFIG}) and counts headers, but not their sum; this parser counts
 * every line it is given, so an endless header, or endless small ones, costs at most 16 KiB of memory
 * and ends the attempt with {@link HeadTooLargeException}.
 */
final class BoundedResponseParser extends DefaultHttpResponseParser {

    static final int MAX_HEAD_BYTES = 16 * 1024;

    /** No line longer than the whole head may be; a bounded number of headers. */
    static final Http1Config HTTP1_CONFIG = Http1Config.custom()
            .setMaxLineLength(MAX_HEAD_BYTES)
            .setMaxHeaderCount(256)
            .build();

    static final HttpMessageParserFactory<ClassicHttpResponse> FACTORY = config -> new BoundedResponseParser();

    /** The response head was longer than {@link #MAX_HEAD_BYTES} or had too many headers. */
    static final class HeadTooLargeException extends MessageConstraintException {
        HeadTooLargeException() {
            super("response headers too large");
        }
    }

    private BoundedResponseParser() {
        super(HTTP1_CONFIG);
    }

    @Override
    public ClassicHttpResponse parse(SessionInputBuffer buffer, InputStream inputStream)
            throws IOException, HttpException {
        try {
            return super.parse(new Budget(buffer), inputStream);
        } catch (MessageConstraintException e) {
            throw new HeadTooLargeException();
        }
    }

    /** Counts the characters of each line read for one response head, line ends included. */
    private static final class Budget implements SessionInputBuffer {

        private final SessionInputBuffer delegate;
        private int used;

        Budget(SessionInputBuffer delegate) {
            this.delegate = delegate;
        }

        @Override
        public int readLine(CharArrayBuffer line, InputStream inputStream) throws IOException {
            int before = line.length();
            int read = delegate.readLine(line, inputStream);
            used += line.length() - before + 2;
            if (used > MAX_HEAD_BYTES) {
                throw new HeadTooLargeException();
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
