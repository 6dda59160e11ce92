package com.headshotpro.webhooks.transport;

import com.headshotpro.webhooks.transport.ResponseHeadBudget.HeadTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentLengthStrategy;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.ChunkedInputStream;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.NoResponseOutOfOrderStrategy;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP/1.1 client connection that reads each exchange's response head within one
 * {@link ResponseHeadBudget}: the parser of every response ({@link BoundedResponseParser}) and the
 * trailers of a chunked body draw on it, and each request sent renews it. Otherwise it is what
 * httpclient's own (final) managed connection is: it refuses to bind once closed and keeps its socket
 * timeout while pooled; its debug logging of headers and wire is left out.
 */
final class BoundedClientConnection extends DefaultBHttpClientConnection implements ManagedHttpClientConnection {

    /** No line longer than the whole head may be; a bounded number of headers (and of trailers) per message. */
    static final Http1Config HTTP1_CONFIG = Http1Config.custom()
            .setMaxLineLength(ResponseHeadBudget.MAX_BYTES)
            .setMaxHeaderCount(256)
            .build();

    static final HttpConnectionFactory<ManagedHttpClientConnection> FACTORY = socket -> {
        BoundedClientConnection connection = new BoundedClientConnection(new ResponseHeadBudget());
        if (socket != null) {
            connection.bind(socket);
        }
        return connection;
    };

    private final ResponseHeadBudget budget;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable Timeout socketTimeout;

    private BoundedClientConnection(ResponseHeadBudget budget) {
        super(
                HTTP1_CONFIG,
                null,
                null,
                null,
                null,
                NoResponseOutOfOrderStrategy.INSTANCE,
                null,
                config -> new BoundedResponseParser(budget));
        this.budget = budget;
    }

    @Override
    public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
        budget.renew();
        super.sendRequestHeader(request);
    }

    @Override
    protected InputStream createContentInputStream(long length, SessionInputBuffer buffer, InputStream inputStream) {
        if (length == ContentLengthStrategy.CHUNKED) {
            return new BudgetedChunkedInputStream(budget.trailers(buffer), inputStream);
        }
        return super.createContentInputStream(length, buffer, inputStream);
    }

    @Override
    protected void bind(SocketHolder socketHolder) throws IOException {
        if (closed.get()) {
            socketHolder.getSocket().close();
            throw new InterruptedIOException("Connection already shutdown");
        }
        super.bind(socketHolder);
        socketTimeout = Timeout.ofMilliseconds(socketHolder.getSocket().getSoTimeout());
    }

    @Override
    public @Nullable Socket getSocket() {
        SocketHolder holder = getSocketHolder();
        return holder != null ? holder.getSocket() : null;
    }

    @Override
    public @Nullable SSLSession getSSLSession() {
        return getSocket() instanceof SSLSocket tls ? tls.getSession() : null;
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
        bind(new SocketHolder(sslSocket, socket));
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
        super.setSocketTimeout(timeout);
        socketTimeout = timeout;
    }

    @Override
    public void passivate() {
        super.setSocketTimeout(Timeout.ZERO_MILLISECONDS);
    }

    @Override
    public void activate() {
        super.setSocketTimeout(socketTimeout);
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            super.close();
        }
    }

    @Override
    public void close(CloseMode closeMode) {
        if (closed.compareAndSet(false, true)) {
            super.close(closeMode);
        }
    }

    /**
     * A chunked body whose trailers are counted against the budget: past it, or past httpcore's count of
     * trailer lines, reading the body ends with {@link HeadTooLargeException}.
     */
    private static final class BudgetedChunkedInputStream extends ChunkedInputStream {

        private final ResponseHeadBudget.CountedLines lines;

        BudgetedChunkedInputStream(ResponseHeadBudget.CountedLines lines, InputStream inputStream) {
            super(lines, inputStream, HTTP1_CONFIG);
            this.lines = lines;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (MessageConstraintException e) {
                throw inTrailers(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (MessageConstraintException e) {
                throw inTrailers(e);
            }
        }

        private MessageConstraintException inTrailers(MessageConstraintException e) {
            return !lines.counting() || e instanceof HeadTooLargeException ? e : new HeadTooLargeException();
        }
    }
}
