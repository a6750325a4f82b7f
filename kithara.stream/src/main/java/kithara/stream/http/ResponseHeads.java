package kithara.stream.http;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

import kithara.api.net.FetchResponse;

/** Reads the fields Kithara cares about from a response head. */
final class ResponseHeads {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    /**
     * A parsed {@code Content-Range: bytes first-last/total}.
     *
     * @param first first byte's offset
     * @param last  last byte's offset (inclusive)
     * @param total the resource's length, when given
     */
    record ContentRange(long first, long last, OptionalLong total) {
    }

    private ResponseHeads() {
    }

    /** Parses the Content-Range header; empty when absent or malformed. */
    static Optional<ContentRange> contentRange(HttpFields headers) {
        String value = headers.get(HttpHeader.CONTENT_RANGE);
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(value.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        OptionalLong total = m.group(3).equals("*") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(3)));
        return last < first ? Optional.empty() : Optional.of(new ContentRange(first, last, total));
    }

    /** Returns the Content-Length, when given. */
    static OptionalLong contentLength(HttpFields headers) {
        long n = headers.getLongField(HttpHeader.CONTENT_LENGTH);
        return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
    }

    /** Returns the Retry-After delay, from seconds or an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(HttpFields headers) {
        String value = headers.get(HttpHeader.RETRY_AFTER);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(),
                        DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /**
     * Builds the {@link FetchResponse} for a response whose first delivered byte is at {@code bodyOffset}.
     *
     * @param rangesHonoured whether the server answered a range request with that range
     */
    static FetchResponse of(Response response, long bodyOffset, boolean rangesHonoured) {
        HttpFields h = response.getHeaders();
        OptionalLong length = contentLength(h);
        Optional<ContentRange> range = contentRange(h);
        OptionalLong total = range.isPresent() ? range.get().total()
                : response.getStatus() == 200 ? length : OptionalLong.empty();
        boolean acceptsRanges = rangesHonoured || "bytes".equalsIgnoreCase(h.get(HttpHeader.ACCEPT_RANGES));
        return new FetchResponse(response.getStatus(), bodyOffset, length, total, acceptsRanges,
                Optional.ofNullable(h.get(HttpHeader.CONTENT_TYPE)), Optional.ofNullable(h.get(HttpHeader.ETAG)),
                Optional.ofNullable(h.get(HttpHeader.LAST_MODIFIED)), response.getRequest().getURI());
    }
}
