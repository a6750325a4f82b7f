package kithara.stream.cache;

import java.io.IOException;

/** The asset cache cannot be used: its folder is locked by another process, or is not usable. */
public class CacheException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** Another process (or another store in this one) uses the folder. */
        LOCKED,
        /** The folder cannot be created, read or written. */
        UNUSABLE
    }

    private final Reason reason;

    /** Creates the exception; {@code message} names the folder. */
    public CacheException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /** Returns why. */
    public Reason reason() {
        return reason;
    }
}
