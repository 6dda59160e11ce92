package com.headshotpro.webhooks.endpoint;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which URLs may receive webhooks: absolute {@code https}, at most 2048 characters, no user info, and a
 * host that is a public unicast address. IP literals are judged by the address they denote in every
 * form a resolver accepts ({@code 2130706433}, {@code 0x7f.0.0.1}, {@code 127.1}, {@code [::ffff:7f00:1]});
 * {@code localhost} is refused on sight; other names are refused when they resolve to a refused
 * address. The dispatcher applies {@link #allowsAddress} again to the address it connects to.
 */
@Component
public class UrlPolicy {

    public static final int MAX_LENGTH = 2048;

    private static final Pattern HOST_NAME =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern NUMERIC_PART = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");

    /** Refused IPv4 ranges: this network, private, CGNAT, loopback, link-local, protocol, docs, benchmarking, multicast, reserved. */
    private static final int[][] REFUSED_V4 = {
        cidr(0, 0, 0, 0, 8), cidr(10, 0, 0, 0, 8), cidr(100, 64, 0, 0, 10), cidr(127, 0, 0, 0, 8),
        cidr(169, 254, 0, 0, 16), cidr(172, 16, 0, 0, 12), cidr(192, 0, 0, 0, 24), cidr(192, 0, 2, 0, 24),
        cidr(192, 88, 99, 0, 24), cidr(192, 168, 0, 0, 16), cidr(198, 18, 0, 0, 15), cidr(198, 51, 100, 0, 24),
        cidr(203, 0, 113, 0, 24), cidr(224, 0, 0, 0, 4), cidr(240, 0, 0, 0, 4),
    };

    /** Looks up a host name's addresses; a seam for tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Why a URL was refused, in words fit for the caller. */
    public static final class RejectedUrlException extends IllegalArgumentException {
        RejectedUrlException(String reason) {
            super(reason);
        }
    }

    private final boolean allowHttp;
    private final boolean allowPrivate;
    private final Resolver resolver;

    /** The system resolver, unless the context has a {@link Resolver} of its own (tests do). */
    @Autowired
    public UrlPolicy(TargetProperties properties, ObjectProvider<Resolver> resolver) {
        this(
                properties.allowHttpTargets(),
                properties.allowPrivateTargets(),
                resolver.getIfAvailable(() -> InetAddress::getAllByName));
    }

    public UrlPolicy(boolean allowHttp, boolean allowPrivate, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /**
     * Checks a target URL at save time.
     *
     * @return the URL, unchanged
     * @throws RejectedUrlException with the reason when the URL may not receive webhooks
     */
    public String check(String url) {
        return check(url, true);
    }

    /**
     * Checks a target URL; with {@code resolveNames} false a host name is only checked for its form,
     * for callers that check the addresses they connect to themselves (the dispatcher's DNS resolver).
     */
    public String check(String url, boolean resolveNames) {
        if (url.length() > MAX_LENGTH) {
            throw new RejectedUrlException("must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RejectedUrlException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new RejectedUrlException(allowHttp ? "must be an http or https URL" : "must be an https URL");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty() || uri.isOpaque()) {
            throw new RejectedUrlException("must be an absolute URL with a host");
        }
        if (authority.contains("@")) {
            throw new RejectedUrlException("must not contain user info");
        }
        String host = hostOf(authority);
        Optional<InetAddress> literal = ipLiteral(host);
        if (literal.isPresent()) {
            requireAllowed(literal.get());
            return url;
        }
        if (!HOST_NAME.matcher(host).matches()) {
            throw new RejectedUrlException("has an invalid host name");
        }
        if (allowPrivate) {
            return url;
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            throw new RejectedUrlException("must not point to localhost");
        }
        if (!resolveNames) {
            return url;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return url; // a name that does not resolve yet may be saved; delivery checks again
        }
        for (InetAddress address : addresses) {
            requireAllowed(address);
        }
        return url;
    }

    /** Whether the dispatcher may connect to this address. */
    public boolean allowsAddress(InetAddress address) {
        return allowPrivate || isPublicUnicast(address);
    }

    private void requireAllowed(InetAddress address) {
        if (!allowsAddress(address)) {
            throw new RejectedUrlException("must point to a public address, not an internal, reserved or special one");
        }
    }

    private static String hostOf(String authority) {
        String host;
        String port = "";
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new RejectedUrlException("has an invalid host");
            }
            host = authority.substring(0, close + 1);
            port = authority.substring(close + 1);
            if (!port.isEmpty() && !port.startsWith(":")) {
                throw new RejectedUrlException("has an invalid host");
            }
            port = port.isEmpty() ? "" : port.substring(1);
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? "" : authority.substring(colon + 1);
        }
        if (!port.isEmpty()
                && (!port.chars().allMatch(Character::isDigit)
                        || port.length() > 5
                        || Integer.parseInt(port) < 1
                        || Integer.parseInt(port) > 65535)) {
            throw new RejectedUrlException("has an invalid port");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new RejectedUrlException("must be an absolute URL with a host");
        }
        return host;
    }

    /**
     * The address an IP literal denotes: bracketed IPv6, or IPv4 in any of the forms {@code inet_aton}
     * accepts (one to four parts, each decimal, octal with a leading 0, or hex with 0x). A host whose
     * last label is numeric is taken as an IPv4 literal, as browsers do, and refused if it is not one.
     */
    static Optional<InetAddress> ipLiteral(String host) {
        try {
            if (host.startsWith("[") && host.endsWith("]")) {
                String inner = host.substring(1, host.length() - 1);
                if (inner.isEmpty() || !inner.matches("[0-9a-f:.]+")) {
                    throw new RejectedUrlException("has an invalid IPv6 address");
                }
                return Optional.of(InetAddress.getByName(inner));
            }
            String[] parts = host.split("\\.", -1);
            if (!NUMERIC_PART.matcher(parts[parts.length - 1]).matches()) {
                return Optional.empty();
            }
            if (parts.length > 4) {
                throw new RejectedUrlException("has an invalid IP address");
            }
            long[] values = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                values[i] = numericPart(parts[i]);
            }
            long address = 0;
            for (int i = 0; i < parts.length - 1; i++) {
                if (values[i] > 255) {
                    throw new RejectedUrlException("has an invalid IP address");
                }
                address |= values[i] << (8 * (3 - i));
            }
            long last = values[parts.length - 1];
            if (last >= 1L << (8 * (5 - parts.length))) {
                throw new RejectedUrlException("has an invalid IP address");
            }
            address |= last;
            byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new RejectedUrlException("has an invalid IP address");
        }
    }

    private static long numericPart(String part) {
        if (!NUMERIC_PART.matcher(part).matches() || part.length() > 12) {
            throw new RejectedUrlException("has an invalid IP address");
        }
        if (part.startsWith("0x") || part.startsWith("0X")) {
            return part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
        }
        if (part.length() > 1 && part.startsWith("0")) {
            if (!part.chars().allMatch(c -> c >= '0' && c <= '7')) {
                throw new RejectedUrlException("has an invalid IP address");
            }
            return Long.parseLong(part, 8);
        }
        return Long.parseLong(part);
    }

    static boolean isPublicUnicast(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(toInt(b, 0));
        }
        boolean v4Prefix = true;
        for (int i = 0; i < 10; i++) {
            v4Prefix &= b[i] == 0;
        }
        if (v4Prefix && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
            return isPublicV4(toInt(b, 12)); // IPv4-mapped
        }
        if ((b[0] & 0xe0) != 0x20) {
            return false; // outside global unicast 2000::/3: loopback, ULA, link-local, multicast, NAT64, ...
        }
        int first32 = toInt(b, 0);
        if (first32 == 0x20010db8 || (first32 >>> 9) == (0x20010000 >>> 9) || (first32 >>> 12) == 0x3fff0) {
            return false; // documentation 2001:db8::/32 and 3fff::/20, IETF protocol assignments 2001::/23
        }
        if ((first32 >>> 16) == 0x2002) {
            return isPublicV4(toInt(b, 2)); // 6to4 embeds an IPv4 address
        }
        return true;
    }

    private static boolean isPublicV4(int address) {
        for (int[] range : REFUSED_V4) {
            if ((address & range[1]) == range[0]) {
                return false;
            }
        }
        return true;
    }

    private static int toInt(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 24)
                | ((b[offset + 1] & 0xff) << 16)
                | ((b[offset + 2] & 0xff) << 8)
                | (b[offset + 3] & 0xff);
    }

    private static int[] cidr(int a, int b, int c, int d, int bits) {
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        return new int[] {((a << 24) | (b << 16) | (c << 8) | d) & mask, mask};
    }
}
