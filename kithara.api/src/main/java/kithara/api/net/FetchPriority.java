package kithara.api.net;

/** How urgently a fetch is needed; the downloader serves every DEMAND before any PREFETCH. */
public enum FetchPriority {
    /** A reader is blocked on these bytes now (a seek, or the next segment being played). */
    DEMAND,
    /** Read-ahead: useful soon, nobody waits yet. */
    PREFETCH
}
