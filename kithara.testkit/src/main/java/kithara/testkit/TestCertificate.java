package kithara.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost}, made with the JDK's {@code keytool}: the
 * server's key store, and a trust store holding only that certificate (what an enterprise hands its clients).
 *
 * @param keyStore   the server's key and certificate (PKCS12)
 * @param trustStore the certificate alone, as a trusted entry (PKCS12)
 * @param password   both stores' password
 */
public record TestCertificate(Path keyStore, Path trustStore, String password) {

    /** Makes a new certificate and both stores in {@code folder}. */
    public static TestCertificate create(Path folder) throws IOException, InterruptedException {
        Path keys = folder.resolve("server.p12");
        Path cert = folder.resolve("server.cer");
        Path trust = folder.resolve("trust.p12");
        String password = "test-secret";
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                keys.toString(), "-storepass", password);
        keytool("-exportcert", "-alias", "server", "-keystore", keys.toString(), "-storepass", password, "-file",
                cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "test-ca", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", password);
        return new TestCertificate(keys, trust, password);
    }

    SslContextFactory.Server serverTls() {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keyStore.toString());
        tls.setKeyStorePassword(password);
        tls.setKeyStoreType("PKCS12");
        return tls;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
