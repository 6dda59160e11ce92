package com.headshotpro.webhooks.transport;

import com.headshotpro.webhooks.endpoint.UrlPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves for the HTTP client and keeps only the addresses the URL policy allows, so that the address
 * actually connected to is checked at every attempt: a name that turned internal after it was saved
 * (DNS rebinding) reaches nothing.
 */
class PolicyDnsResolver implements DnsResolver {

    /** The target resolved only to refused addresses. */
    static final class BlockedAddressException extends UnknownHostException {
        BlockedAddressException(String host) {
            super("blocked address: " + host + " resolves only to internal or reserved addresses");
        }
    }

    private final UrlPolicy policy;
    private final DnsResolver delegate;

    PolicyDnsResolver(UrlPolicy policy) {
        this(policy, SystemDefaultDnsResolver.INSTANCE);
    }

    PolicyDnsResolver(UrlPolicy policy, DnsResolver delegate) {
        this.policy = policy;
        this.delegate = delegate;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] allowed = Arrays.stream(delegate.resolve(host))
                .filter(policy::allowsAddress)
                .toArray(InetAddress[]::new);
        if (allowed.length == 0) {
            throw new BlockedAddressException(host);
        }
        return allowed;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return delegate.resolveCanonicalHostname(host);
    }
}
