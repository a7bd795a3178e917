package dev.rustkit.portal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A response body made once at start-up (metadata, schemas, the page and its assets) with its strong ETag, the
 * SHA-256 of the bytes: a client that has them gets a 304.
 */
record Representation(byte[] body, String mediaType, String etag) {

    static Representation of(byte[] body, String mediaType) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return new Representation(body, mediaType,
                    "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static Representation of(String body, String mediaType) {
        return of(body.getBytes(StandardCharsets.UTF_8), mediaType);
    }

    /** Whether an {@code If-None-Match} header names this representation. */
    boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.equals("*") || trimmed.equals(etag) || trimmed.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
