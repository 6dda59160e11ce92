package com.headshotpro.webhooks.endpoint;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.springframework.modulith.NamedInterface;

/**
 * An endpoint's signing secret as {@code endpoint_target} gives it: sealed ({@link SecretCipher}), opened
 * only by {@link SigningSecrets}. Whoever carries one cannot read it, and its text says nothing.
 */
@NamedInterface("signing")
public final class SealedSecret {

    private final byte[] ciphertext;

    private SealedSecret(byte[] ciphertext) {
        this.ciphertext = ciphertext;
    }

    /** The sealed secret in {@code column} of a row of {@code endpoint_target}. */
    public static SealedSecret read(ResultSet rs, String column) throws SQLException {
        return new SealedSecret(rs.getBytes(column));
    }

    /** A secret as {@link SecretCipher#encrypt} sealed it. */
    public static SealedSecret of(byte[] ciphertext) {
        return new SealedSecret(ciphertext.clone());
    }

    byte[] ciphertext() {
        return ciphertext;
    }

    @Override
    public String toString() {
        return "SealedSecret[<masked>]";
    }
}
