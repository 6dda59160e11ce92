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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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
        RESET,
        /** A chunked 200 whose small body ends with 255 trailers of 16,000 characters each. */
        HUGE_TRAILERS,
        /** 100 {@code 103 Early Hints} interim responses, each with 1,000 characters of headers, then a 200. */
        MANY_INTERIM_RESPONSES
    }

    private static final byte[] FILLER = new byte[8192];
    private static final byte[] TRAILER = new byte[16_000];
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)");

    static {
        Arrays.fill(FILLER, (byte) 'a');
        Arrays.fill(TRAILER, (byte) 'a');
    }

    private final @Nullable Behaviour behaviour;
    private final byte @Nullable [] answer;
    private final ServerSocket server;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean open = true;

    public HostileReceiver(Behaviour behaviour) throws IOException {
        this(behaviour, null);
    }

    private HostileReceiver(@Nullable Behaviour behaviour, byte @Nullable [] answer) throws IOException {
        this.behaviour = behaviour;
        this.answer = answer;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /**
     * A receiver that gives every request the same answer, exactly as written (ISO-8859-1), and keeps the
     * connection open for the next: for the raw responses that WireMock cannot send, such as trailers.
     */
    public static HostileReceiver answering(String response) throws IOException {
        return new HostileReceiver(null, ascii(response));
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
            if (answer != null) {
                while (open && readRequest(in)) {
                    out.write(answer);
                    out.flush();
                }
                return;
            }
            if (behaviour == Behaviour.SILENT) {
                while (open && !socket.isClosed()) {
                    LockSupport.parkNanos(50_000_000L);
                }
                return;
            }
            readRequest(in);
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
                case HUGE_TRAILERS -> {
                    out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n"));
                    for (int n = 0; n < 255 && open; n++) {
                        out.write(ascii("X-Trailer-" + n + ": "));
                        out.write(TRAILER);
                        out.write(ascii("\r\n"));
                    }
                    out.write(ascii("\r\n"));
                    out.flush();
                }
                case MANY_INTERIM_RESPONSES -> {
                    for (int n = 0; n < 100 && open; n++) {
                        out.write(ascii("HTTP/1.1 103 Early Hints\r\nLink: </style-" + n + ".css>; rel=preload; x="));
                        out.write(FILLER, 0, 1000);
                        out.write(ascii("\r\n\r\n"));
                    }
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                    out.flush();
                }
                case SILENT -> throw new IllegalStateException("handled above");
            }
        } catch (IOException e) {
            // the client gave up: that is the point
        } finally {
            connections.remove(socket);
        }
    }

    /** Reads up to the blank line that ends the request head. */
    private static String readRequestHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while ((b = in.read()) != -1) {
            head.append((char) b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return head.toString();
            }
        }
        return head.toString();
    }

    /** Reads a whole request, head and {@code Content-Length} body; false once the client has closed. */
    private static boolean readRequest(InputStream in) throws IOException {
        String head = readRequestHead(in);
        if (!head.endsWith("\r\n\r\n")) {
            return false;
        }
        Matcher length = CONTENT_LENGTH.matcher(head);
        in.skipNBytes(length.find() ? Long.parseLong(length.group(1)) : 0);
        return true;
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
