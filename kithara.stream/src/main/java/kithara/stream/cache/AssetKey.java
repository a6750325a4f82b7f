package kithara.stream.cache;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one resource of one asset. The asset is named by the SHA-256 of its canonical URL, the resource (an
 * HLS segment, a key; empty for the main resource) by a hash of its name, so that no URL or name, however
 * hostile, can name a path outside the cache. Immutable; made by {@link AssetStore#key}.
 *
 * @param assetId    64 hex digits: SHA-256 of {@code canonicalUri}
 * @param resourceId {@code main}, or {@code r} and 40 hex digits of the resource name's SHA-256
 * @param canonicalUri the canonical URL the asset id was computed from
 * @param resource   the resource name as given (for listings only), empty for the main resource
 */
public record AssetKey(String assetId, String resourceId, String canonicalUri, String resource) {

    private static final Pattern ASSET_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern RESOURCE_ID = Pattern.compile("main|r[0-9a-f]{40}");

    /** Validates that both ids are safe file names: hex digits and {@code main}/{@code r} only. */
    public AssetKey {
        Objects.requireNonNull(canonicalUri, "canonicalUri");
        Objects.requireNonNull(resource, "resource");
        if (!ASSET_ID.matcher(assetId).matches()) {
            throw new IllegalArgumentException("asset id must be 64 hex digits: " + assetId);
        }
        if (!RESOURCE_ID.matcher(resourceId).matches()) {
            throw new IllegalArgumentException("bad resource id: " + resourceId);
        }
    }

    /** Returns the canonical URL as a URI. */
    public URI uri() {
        return URI.create(canonicalUri);
    }

    @Override
    public String toString() {
        return canonicalUri + (resource.isEmpty() ? "" : " [" + resource + "]");
    }
}
