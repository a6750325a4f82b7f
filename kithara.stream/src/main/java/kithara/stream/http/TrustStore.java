package kithara.stream.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import java.util.Optional;

/**
 * The certificates TLS servers are checked against: a trust store file (an enterprise's own certificate authority),
 * or the JDK's own when none is given. Immutable.
 *
 * @param path     the trust store file; empty for the JDK's certificates
 * @param type     its type ({@code PKCS12} or {@code JKS})
 * @param password its password; empty when it has none
 */
public record TrustStore(Optional<Path> path, String type, String password) {

    /** The JDK's certificates. */
    public static final TrustStore JDK = new TrustStore(Optional.empty(), "PKCS12", "");

    /** Validates the fields. */
    public TrustStore {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(password, "password");
    }

    /** Returns the trust store at {@code path}, or {@link #JDK} when {@code path} is blank. */
    public static TrustStore of(String path, String type, String password) {
        return path == null || path.isBlank() ? JDK
                : new TrustStore(Optional.of(Path.of(path.trim())), type == null || type.isBlank() ? "PKCS12" : type.trim(),
                        password == null ? "" : password);
    }

    /**
     * Loads the file.
     *
     * @return the loaded store, or empty for the JDK's certificates
     * @throws IOException naming the file when it cannot be read, is not of {@link #type()}, or the password is wrong
     */
    Optional<KeyStore> load() throws IOException {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(path.get())) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.isEmpty() ? null : password.toCharArray());
            return Optional.of(store);
        } catch (IOException | GeneralSecurityException e) {
            throw new IOException("cannot read the trust store " + path.get() + " (" + type + "): " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return path.map(p -> p + " (" + type + ")").orElse("the JDK's certificates");
    }
}
