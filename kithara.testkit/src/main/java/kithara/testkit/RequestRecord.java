package kithara.testkit;

import java.util.Optional;

/**
 * One request the {@link FaultServer} answered.
 *
 * @param method    GET or HEAD
 * @param path      the request path
 * @param range     the Range header, if any
 * @param status    the status sent
 * @param bodyBytes body bytes actually written
 */
public record RequestRecord(String method, String path, Optional<String> range, int status, long bodyBytes) {
}
