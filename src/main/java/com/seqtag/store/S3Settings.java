package com.seqtag.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where {@link S3ModelStore} keeps its objects: a bucket and a key prefix on any S3-compatible
 * server. Credentials are not part of it: they come from the AWS SDK's default chain
 * ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles, instance roles).
 * Every value is checked here, and a bad one is refused with a message naming its key.
 *
 * @param bucket       {@code seqtag.store.s3.bucket}: the bucket, which must exist
 * @param prefix       {@code seqtag.store.s3.prefix}: key prefix of every object, default
 *                     {@value #DEFAULT_PREFIX}; normalized to end with "/" (empty: the bucket's root)
 * @param endpoint     {@code seqtag.store.s3.endpoint}: the server's URL, or null for AWS S3
 * @param region       {@code seqtag.store.s3.region}: the signing region; {@value #DEFAULT_REGION} when
 *                     an endpoint is set and no region is given; null with AWS means the SDK's
 *                     default region chain ({@code AWS_REGION}, profiles, instance metadata)
 * @param pathStyle    {@code seqtag.store.s3.path-style}: {@code http://host/bucket/key} rather than
 *                     {@code http://bucket.host/key}; true for most self-hosted servers
 * @param checksumMode {@code seqtag.store.s3.checksum-mode}: when the SDK adds and checks its own
 *                     flexible checksums (default {@link ChecksumMode#WHEN_REQUIRED})
 */
public record S3Settings(String bucket, String prefix, URI endpoint, String region, boolean pathStyle,
                         ChecksumMode checksumMode) {

    /** The prefix when none is configured. */
    public static final String DEFAULT_PREFIX = "seqtag/";
    /** The region used with an endpoint when none is configured (MinIO's and S3Proxy's default). */
    public static final String DEFAULT_REGION = "us-east-1";

    private static final String KEY = "seqtag.store.s3.";
    /** Loose on purpose: AWS, GCS and Ceph differ in details (dots, underscores), none allows these. */
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,254}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /**
     * When the SDK computes request checksums and validates response checksums beyond what S3
     * requires. SDK 2.30+ defaults to "when supported", which many S3-compatible servers refuse
     * (S3Proxy answers 501 NotImplemented); every download is verified against the model's own
     * SHA-256 checksums either way.
     */
    public enum ChecksumMode {
        /** Only where an operation requires it: works with every S3-compatible server. */
        WHEN_REQUIRED,
        /** On every operation that supports it (AWS S3 and recent servers). */
        WHEN_SUPPORTED;

        /** Parses {@code when-required} or {@code when-supported} (case and - or _ do not matter). */
        public static ChecksumMode parse(String value) {
            if (value == null || value.isBlank()) {
                return WHEN_REQUIRED;
            }
            String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            for (ChecksumMode mode : values()) {
                if (mode.name().equals(name)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException(KEY + "checksum-mode must be when-required or when-supported, not \""
                    + value + "\"");
        }
    }

    /** Validates and normalizes; see the class description for each value. */
    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException(KEY + "bucket must name the bucket the models are kept in");
        }
        bucket = bucket.strip();
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException(KEY + "bucket \"" + bucket
                    + "\" is not a bucket name (letters, digits, '.', '-', '_'; 2 to 255 characters)");
        }
        prefix = normalizePrefix(prefix);
        if (endpoint != null) {
            checkEndpoint(endpoint);
        }
        if (region != null && region.isBlank()) {
            region = null;
        }
        if (region != null) {
            region = region.strip();
            if (!REGION.matcher(region).matches()) {
                throw new IllegalArgumentException(KEY + "region \"" + region + "\" is not a region name");
            }
        }
        if (region == null && endpoint != null) {
            region = DEFAULT_REGION;
        }
        if (checksumMode == null) {
            checksumMode = ChecksumMode.WHEN_REQUIRED;
        }
    }

    /**
     * Settings from configuration text: blank or null values take their defaults.
     *
     * @param endpoint     URL of the server, blank for AWS
     * @param checksumMode {@code when-required} or {@code when-supported}
     */
    public static S3Settings of(String bucket, String prefix, String endpoint, String region, boolean pathStyle,
                                String checksumMode) {
        return new S3Settings(bucket, prefix, parseEndpoint(endpoint), region, pathStyle,
                ChecksumMode.parse(checksumMode));
    }

    /** Settings for an S3-compatible server at {@code endpoint}, path style, default prefix and region. */
    public static S3Settings forEndpoint(String bucket, URI endpoint) {
        return new S3Settings(bucket, null, endpoint, null, true, null);
    }

    /** The endpoint for log lines: its URL, or "AWS". */
    public String endpointDescription() {
        return endpoint == null ? "AWS" : endpoint.toString();
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return DEFAULT_PREFIX;
        }
        String normalized = prefix.strip();
        while (normalized.startsWith("/")) {
            normalized = normalized.substring(1);
        }
        if (normalized.contains("//") || normalized.contains("\\") || normalized.chars().anyMatch(Character::isISOControl)
                || ("/" + normalized + "/").contains("/../") || ("/" + normalized + "/").contains("/./")) {
            throw new IllegalArgumentException(KEY + "prefix \"" + prefix
                    + "\" is not a key prefix (no '//', '\\', '.' or '..' segments, control characters)");
        }
        if (!normalized.isEmpty() && !normalized.endsWith("/")) {
            normalized += "/";
        }
        return normalized;
    }

    private static URI parseEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        try {
            return new URI(endpoint.strip());
        } catch (URISyntaxException e) {
            // Not e.getMessage(): it quotes the input, which could hold a user name and password.
            throw new IllegalArgumentException(KEY + "endpoint is not a URL (" + e.getReason()
                    + (e.getIndex() >= 0 ? " at position " + e.getIndex() : "") + ")");
        }
    }

    private static void checkEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || endpoint.getHost() == null) {
            // Not the URL itself: it could carry a user name and password.
            throw new IllegalArgumentException(KEY + "endpoint must be an http:// or https:// URL with a host"
                    + " (leave it empty for AWS)");
        }
        if (endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException(KEY + "endpoint must not hold credentials; they come from the"
                    + " AWS SDK's default chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, profiles, instance roles)");
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException(KEY + "endpoint must not have a query or fragment: " + endpoint);
        }
    }
}
