package kithara.api.decode;

import java.io.IOException;
import java.util.Objects;

/** Decoding failed. Names the input, the reason and, where known, the codec. */
public class DecoderException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why decoding failed. */
    public enum Reason {
        /** No supported container was recognised in the data. */
        UNSUPPORTED_CONTAINER,
        /** The codec is not supported by this decoder. */
        UNSUPPORTED_CODEC,
        /** The data is corrupt or truncated beyond recovery. */
        CORRUPT_DATA,
        /** Reading the input failed; the cause says why. */
        INPUT,
        /** A seek could not be carried out. */
        SEEK,
        /** The native library reported an error, or could not be loaded. */
        NATIVE
    }

    private final Reason reason;
    private final String input;
    private final String codec;

    /**
     * @param reason why
     * @param input  the input's description (URI or path)
     * @param codec  the codec's name, or "unknown"
     * @param detail what went wrong
     * @param cause  the underlying failure, or null
     */
    public DecoderException(Reason reason, String input, String codec, String detail, Throwable cause) {
        super(reason + " decoding " + input + " (codec " + codec + "): " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.input = Objects.requireNonNull(input, "input");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** Returns why decoding failed. */
    public Reason reason() {
        return reason;
    }

    /** Returns the input's description. */
    public String input() {
        return input;
    }

    /** Returns the codec's name, or "unknown". */
    public String codec() {
        return codec;
    }
}
