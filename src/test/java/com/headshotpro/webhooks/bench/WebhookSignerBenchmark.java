package com.headshotpro.webhooks.bench;

import com.headshotpro.webhooks.signing.WebhookSigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@link WebhookSigner#sign}: HMAC-SHA256 over {@code {timestamp}.{body}}, done on every delivery attempt. */
@State(Scope.Benchmark)
public class WebhookSignerBenchmark {

    /** Body size in bytes: a typical model event, and a large one. */
    @Param({"450", "4096"})
    public int bodyBytes;

    private byte[] body;

    @Setup
    public void setUp() {
        body = BenchData.body(bodyBytes);
    }

    @Benchmark
    public String sign() {
        return WebhookSigner.sign(BenchData.SECRET, BenchData.TIMESTAMP, body);
    }
}
