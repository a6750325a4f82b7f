package kithara.protocol.hls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-128-CBC with PKCS#7 padding, as HLS encrypts whole segments. */
final class Aes128 {

    /** How many bytes are decrypted per step. */
    static final int CHUNK = 64 * 1024;

    private Aes128() {
    }

    /** Returns the IV HLS uses when the key gives none: the media sequence number, big-endian, in 16 bytes. */
    static byte[] sequenceIv(long sequence) {
        return ByteBuffer.allocate(16).putLong(8, sequence).array();
    }

    /**
     * Decrypts one segment in place, {@value #CHUNK} bytes at a time (no second copy of the segment).
     *
     * @return the plain bytes: a prefix of {@code data}, without the padding
     * @throws IOException naming {@code what} when the key is not 16 bytes, or the data does not decrypt (a wrong
     *                     key shows as bad padding)
     */
    static byte[] decrypt(byte[] data, byte[] key, byte[] iv, String what) throws IOException {
        if (key.length != 16) {
            throw new IOException("the AES-128 key for " + what + " has " + key.length + " bytes, not 16");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            int written = 0;
            int read = 0;
            while (data.length - read > CHUNK) {
                written += cipher.update(data, read, CHUNK, data, written);
                read += CHUNK;
            }
            written += cipher.doFinal(data, read, data.length - read, data, written);
            return written == data.length ? data : Arrays.copyOf(data, written);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt " + what + " (wrong key or corrupt data): " + e.getMessage(), e);
        }
    }
}
