package com.headshotpro.webhooks.bench;

import com.headshotpro.webhooks.endpoint.SecretCipher;
import com.headshotpro.webhooks.security.SecurityProperties;
import java.util.Base64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@link SecretCipher#decrypt}: AES-256-GCM, done to get an endpoint's secret before signing. */
@State(Scope.Benchmark)
public class SecretCipherBenchmark {

    private SecretCipher cipher;
    private byte[] stored;

    @Setup
    public void setUp() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        // The public constructor, as Spring calls it; the byte[] one is package-private.
        cipher = new SecretCipher(
                new SecurityProperties(null, null, Base64.getEncoder().encodeToString(key)));
        stored = cipher.encrypt(BenchData.SECRET);
        if (!BenchData.SECRET.equals(cipher.decrypt(stored))) {
            throw new IllegalStateException("round trip failed");
        }
    }

    @Benchmark
    public String decrypt() {
        return cipher.decrypt(stored);
    }
}
