package kithara.facade;

import java.io.IOException;

/** The engine did not start; the message names the bundle, service or folder at fault, and nothing is left running. */
public final class KitharaStartException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with what went wrong. */
    public KitharaStartException(String message) {
        super(message);
    }

    /** Creates the exception with what went wrong and its cause. */
    public KitharaStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
