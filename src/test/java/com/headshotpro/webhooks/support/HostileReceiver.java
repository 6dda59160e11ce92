package com.headshotpro.webhooks.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A receiver that breaks HTTP on purpose, on a raw TCP socket: each connection gets the behaviour the
 * receiver was made with. Every connection runs on a virtual thread and is closed with the receiver.
 */
public final class HostileReceiver implements AutoCloseable {

    /** What the receiver does once it has a connection. */
    public enum Behaviour {
        /** {@code HTTP/1.1 200 OK}, then one header line that never ends. */
        ENDLESS_HEADER_LINE,
        /** A status line, then small headers without end. */
        ENDLESS_HEADERS,
        /** A complete head announcing a chunked body, then chunks without end. */
        ENDLESS_BODY,
        /** A valid response, one byte a second. */
        TRICKLE,
        /** NUL bytes inside the status line. */
        NUL_IN_STATUS_LINE,
        /** A 500 whose header and body carry NUL bytes and invalid UTF-8. */
        NUL_IN_HEADERS_AND_BODY,
        /** Accepts, reads nothing, answers nothing. */
        SILENT,
        /** Reads the request, then resets the connection. */
        RESET
    }

    private static final byte[] FILLER = new byte[8192];

    static {
        Arrays.fill(FILLER, (byte) 'a');
    }

    private final Behaviour behaviour;
    private final ServerSocket server;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean open = true;

    public HostileReceiver(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** Connections accepted so far. */
    public int connections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (open) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                connections.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream()) {
            if (behaviour == Behaviour.SILENT) {
                while (open && !socket.isClosed()) {
                    LockSupport.parkNanos(50_000_000L);
                }
                return;
            }
            readRequestHead(in);
            switch (behaviour) {
                case ENDLESS_HEADER_LINE -> {
                    out.write(ascii("HTTP/1.1 200 OK\r\nX-Flood: "));
                    while (open) {
                        out.write(FILLER);
                    }
                }
                case ENDLESS_HEADERS -> {
                    out.write(ascii("HTTP/1.1 200 OK\r\n"));
                    for (long n = 0; open; n++) {
                        out.write(ascii("X-Flood-" + n + ": aaaaaaaaaaaaaaaa\r\n"));
                    }
                }
                case ENDLESS_BODY -> {
                    out.write(ascii("HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n"));
                    byte[] chunk = ascii(Integer.toHexString(FILLER.length) + "\r\n");
                    while (open) {
                        out.write(chunk);
                        out.write(FILLER);
                        out.write(ascii("\r\n"));
                    }
                }
                case TRICKLE -> {
                    for (byte b : ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
                        out.write(b);
                        out.flush();
                        LockSupport.parkNanos(1_000_000_000L);
                        if (!open) {
                            return;
                        }
                    }
                }
                case NUL_IN_STATUS_LINE -> {
                    out.write(ascii("HTTP/1.\u00001 2\u000000 O\u0000K\r\nContent-Length: 0\r\n\r\n"));
                    out.flush();
                }
                case NUL_IN_HEADERS_AND_BODY -> {
                    byte[] body = {'b', 'a', 'd', 0, (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n', 0x07};
                    out.write(ascii("HTTP/1.1 500 Oops\r\nX-Evil: a\u0000b\u0001c\r\nContent-Length: " + body.length
                            + "\r\n\r\n"));
                    out.write(body);
                    out.flush();
                }
                case RESET -> {
                    socket.setSoLinger(true, 0);
                }
                case SILENT -> throw new IllegalStateException("handled above");
            }
        } catch (IOException e) {
            // the client gave up: that is the point
        } finally {
            connections.remove(socket);
        }
    }

    /** Reads up to the blank line that ends the request head; the small body that follows is left unread. */
    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while ((b = in.read()) != -1) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return;
            }
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
