package kithara.stream.cache;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import kithara.api.net.FetchResponse;

/**
 * What identifies one version of an origin's content: ETag, Last-Modified and length. Immutable.
 *
 * @param etag         the ETag, if the origin sent one
 * @param lastModified the Last-Modified date, if sent
 * @param length       the full length, if known
 */
public record Validators(Optional<String> etag, Optional<String> lastModified, OptionalLong length) {

    /** Nothing known. */
    public static final Validators NONE = new Validators(Optional.empty(), Optional.empty(), OptionalLong.empty());

    /** Rejects nulls. */
    public Validators {
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(length, "length");
    }

    /** Returns the validators of a response head. */
    public static Validators of(FetchResponse response) {
        return new Validators(response.etag(), response.lastModified(), response.totalLength());
    }

    /** Returns whether {@code other} names another version: a validator known on both sides differs. */
    public boolean conflictsWith(Validators other) {
        return differ(etag, other.etag) || differ(lastModified, other.lastModified)
                || (length.isPresent() && other.length.isPresent() && length.getAsLong() != other.length.getAsLong());
    }

    private static boolean differ(Optional<String> a, Optional<String> b) {
        return a.isPresent() && b.isPresent() && !a.get().equals(b.get());
    }
}
