package com.headshotpro.webhooks.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of Postgres that a test can cut: {@link #cut()} resets every connection and
 * refuses new ones, as a stopped server does, and {@link #restore()} listens again on the same port. It
 * cuts only the service under test, not the other test contexts that share the server.
 */
public final class TcpProxy implements AutoCloseable {

    private final String upstreamHost;
    private final int upstreamPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    public TcpProxy(String upstreamHost, int upstreamPort) {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.server = listen(0);
        this.port = server.getLocalPort();
    }

    /** The database behind this proxy, as a JDBC URL through it. */
    public static TcpProxy in(TestDatabases.Database database) {
        var m = java.util.regex.Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/")
                .matcher(database.url());
        if (!m.find()) {
            throw new IllegalArgumentException("not a Postgres URL with host and port: " + database.url());
        }
        return new TcpProxy(m.group(1), Integer.parseInt(m.group(2)));
    }

    public TestDatabases.Database through(TestDatabases.Database database) {
        String url = database.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
        return new TestDatabases.Database(url, database.user(), database.password());
    }

    private ServerSocket listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 200);
            Thread.ofVirtual().start(() -> accept(socket));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            } catch (IOException e) {
                return; // cut
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            close(from);
            close(to);
        }
    }

    /** Resets every connection and refuses new ones. */
    public void cut() {
        close(server);
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // closing anyway
            }
            close(socket);
        }
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    public void restore() {
        server = listen(port);
    }

    private static void close(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        cut();
    }
}
