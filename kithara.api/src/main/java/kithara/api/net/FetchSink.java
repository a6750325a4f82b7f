package kithara.api.net;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Receives one fetch's response. The downloader calls the methods one at a time, in order:
 * {@link #onResponse} and then {@link #onData} zero or more times per attempt (a retry after a failure
 * resumes where the data stopped, with a new {@code onResponse}), then exactly one of {@link #onComplete} or
 * {@link #onFailure}. Offsets given to {@code onData} are always the resource's true offsets, whatever the
 * server did with the Range header. Calls come from network threads and must not block on anything but
 * local storage; the next chunk is requested only after {@code onData} returns.
 */
public interface FetchSink {

    /**
     * The response head of an attempt arrived and passed validation.
     *
     * @throws IOException to abort the fetch (it then ends with {@link #onFailure})
     */
    void onResponse(FetchResponse response) throws IOException;

    /**
     * Body bytes for offset {@code offset} of the resource. The buffer belongs to the downloader and is
     * valid only during the call: copy what is kept.
     *
     * @throws IOException to abort the fetch (it then ends with {@link #onFailure})
     */
    void onData(long offset, ByteBuffer chunk) throws IOException;

    /**
     * The body ended normally.
     *
     * @param bytes how many body bytes were delivered
     */
    void onComplete(long bytes);

    /** The fetch failed for good (after any retries) or was cancelled; no further call follows. */
    void onFailure(FetchException failure);
}
