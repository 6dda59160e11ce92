// Verifies a HeadshotPro webhook: HMAC-SHA256 of "{timestamp}.{raw body}" keyed with the webhook secret.
// Usage: HEADSHOTPRO_WEBHOOK_SECRET=... java Verify.java <timestamp> <signature-header> <body-file>
// Pass the raw request body bytes, exactly as received; never re-serialize the JSON.
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class Verify {
    static final long TOLERANCE_SECONDS = 300;

    static boolean verify(String secret, String timestampHeader, String signatureHeader,
                          byte[] rawBody, long nowEpochSeconds) {
        if (timestampHeader == null || !timestampHeader.matches("\\d{1,15}")) return false;
        if (signatureHeader == null || !signatureHeader.startsWith("sha256=")) return false;
        if (Math.abs(nowEpochSeconds - Long.parseLong(timestampHeader)) > TOLERANCE_SECONDS) return false;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampHeader + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(rawBody)).getBytes(StandardCharsets.UTF_8);
            byte[] received = signatureHeader.substring("sha256=".length()).getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(expected, received);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        String secret = System.getenv("HEADSHOTPRO_WEBHOOK_SECRET");
        if (args.length != 3 || secret == null || secret.isEmpty()) {
            System.err.println("usage: HEADSHOTPRO_WEBHOOK_SECRET=... java Verify.java <timestamp> <signature-header> <body-file>");
            System.exit(2);
        }
        boolean ok = verify(secret, args[0], args[1], Files.readAllBytes(Path.of(args[2])),
                Instant.now().getEpochSecond());
        System.out.println(ok ? "valid" : "invalid");
        System.exit(ok ? 0 : 1);
    }
}
