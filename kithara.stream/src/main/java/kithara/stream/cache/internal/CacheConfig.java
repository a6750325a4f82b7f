package kithara.stream.cache.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration Admin settings of the asset cache (PID {@code kithara.stream.cache}). */
@ObjectClassDefinition(name = "Kithara Asset Cache", description = "Where and how much Kithara caches.")
public @interface CacheConfig {

    /** {@code disk} or {@code memory}. */
    @AttributeDefinition(description = "disk or memory")
    String backend() default "disk";

    /** The cache folder; empty for {@code $XDG_CACHE_HOME/kithara/assets} (default {@code ~/.cache/kithara/assets}). */
    @AttributeDefinition(description = "Cache folder; empty for the user's cache directory")
    String root() default "";

    /** Most bytes kept; least recently used assets go first. */
    @AttributeDefinition(description = "Most bytes kept", min = "0")
    long maxBytes() default 2L << 30;

    /** Most assets kept. */
    @AttributeDefinition(description = "Most assets kept", min = "0")
    int maxAssets() default 10_000;

    /**
     * Cache folders of other Kithara processes (or filled beforehand) whose complete resources this store serves
     * read-only, never writing, locking or evicting there: processes on one host share what one of them cached.
     */
    @AttributeDefinition(description = "Other cache folders to read complete resources from, read-only")
    String[] sharedRoots() default {};

    /** Whether the query string is part of an asset's identity. */
    @AttributeDefinition(description = "Whether the URL's query is part of the asset key")
    boolean keepQuery() default true;
}
