package com.headshotpro.webhooks.endpoint;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Which URLs may receive webhooks: absolute {@code https}, at most 2048 characters, no user info, and a
 * host that is a public unicast address. IP literals are judged by the address they denote in every
 * form a resolver accepts ({@code 2130706433}, {@code 0x7f.0.0.1}, {@code 127.1}, {@code [::ffff:7f00:1]});
 * {@code localhost}, names under {@code .localhost} and single-label names ({@code https://postgres/})
 * are refused on sight; other names are refused when they resolve to a refused address. The dispatcher applies {@link #allowsAddress} again to the address it connects to.
 * Its two switches are {@code hooks.delivery.allow-http-targets} and {@code allow-private-targets}: the
 * delivery engine, whose record binds that prefix, makes the bean ({@code delivery.DeliveryConfiguration}).
 */
public class UrlPolicy {

    public static final int MAX_LENGTH = 2048;

    private static final Pattern HOST_NAME =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern NUMERIC_PART = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");

    /**
     * Refused ranges. IPv4: this network, private, CGNAT, loopback, link-local, IETF protocol assignments,
     * documentation, the 6to4 relay, benchmarking, multicast, reserved and broadcast. IPv6 inside global
     * unicast (2000::/3, the only IPv6 addresses allowed at all): documentation and IETF protocol
     * assignments.
     */
    private static final List<IpAddressMatcher> REFUSED = Stream.of(
                    "0.0.0.0/8",
                    "10.0.0.0/8",
                    "100.64.0.0/10",
                    "127.0.0.0/8",
                    "169.254.0.0/16",
                    "172.16.0.0/12",
                    "192.0.0.0/24",
                    "192.0.2.0/24",
                    "192.88.99.0/24",
                    "192.168.0.0/16",
                    "198.18.0.0/15",
                    "198.51.100.0/24",
                    "203.0.113.0/24",
                    "224.0.0.0/4",
                    "240.0.0.0/4",
                    "2001:db8::/32",
                    "3fff::/20",
                    "2001::/23")
            .map(IpAddressMatcher::new)
            .toList();

    private static final IpAddressMatcher GLOBAL_UNICAST_V6 = new IpAddressMatcher("2000::/3");
    private static final IpAddressMatcher SIX_TO_FOUR = new IpAddressMatcher("2002::/16");
    private static final byte[] V4_MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

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
        if (host.indexOf('.') < 0) {
            // a single label resolves through the local search domains: a neighbour, never the internet
            throw new RejectedUrlException("must have a fully qualified host name, not a single label");
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
        String text = address.getHostAddress();
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            if (Arrays.equals(b, 0, 12, V4_MAPPED, 0, 12)) {
                return isPublicUnicast(v4(b, 12)); // ::ffff:a.b.c.d
            }
            if (SIX_TO_FOUR.matches(text)) {
                return isPublicUnicast(v4(b, 2)); // 6to4 embeds an IPv4 address
            }
            if (!GLOBAL_UNICAST_V6.matches(text)) {
                return false; // loopback, unique local, link-local, multicast, NAT64, ...
            }
        }
        return REFUSED.stream().noneMatch(range -> range.matches(text));
    }

    private static InetAddress v4(byte[] address, int offset) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(address, offset, offset + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
