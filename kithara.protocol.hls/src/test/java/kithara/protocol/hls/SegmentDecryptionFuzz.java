package kithara.protocol.hls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The AES-128 segment path: a segment the JDK encrypted decrypts, in place and chunk by chunk, to exactly its plain
 * bytes at every length (across the {@value Aes128#CHUNK}-byte steps too); a damaged one, or a key or IV of the wrong
 * size, fails with an {@link IOException} naming the segment, never another exception.
 */
class SegmentDecryptionFuzz {

    @FuzzTest(maxDuration = "5s")
    void decryptsWhatWasEncryptedAndRejectsDamage(FuzzedDataProvider data) throws GeneralSecurityException {
        byte[] key = data.consumeBytes(16);
        byte[] iv = data.consumeBytes(16);
        int repeat = data.consumeInt(1, 3 * Aes128.CHUNK / 1024);
        int damageAt = data.consumeInt();
        byte[] unit = data.consumeRemainingAsBytes();
        byte[] plain = new byte[unit.length * repeat];
        for (int i = 0; i < repeat; i++) {
            System.arraycopy(unit, 0, plain, i * unit.length, unit.length);
        }
        if (key.length != 16 || iv.length != 16) {
            expectTypedFailure(plain, key, iv);
            return;
        }
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        byte[] encrypted = cipher.doFinal(plain);
        try {
            assertArrayEquals(plain, Aes128.decrypt(encrypted.clone(), key, iv, "segment 7"));
        } catch (IOException e) {
            throw new AssertionError("a well-formed segment did not decrypt", e);
        }
        byte[] damaged = Arrays.copyOf(encrypted, Math.floorMod(damageAt, encrypted.length + 1));
        if (damaged.length > 0) {
            damaged[Math.floorMod(damageAt, damaged.length)] ^= 0x5a;
        }
        try {
            Aes128.decrypt(damaged, key, iv, "segment 7"); // CBC may still unpad a damaged block: bytes, or a typed error
        } catch (IOException expected) {
            assertTrueNames(expected);
        }
    }

    private static void expectTypedFailure(byte[] data, byte[] key, byte[] iv) {
        try {
            Aes128.decrypt(data, key, iv, "segment 7");
            throw new AssertionError("a " + key.length + "-byte key and a " + iv.length + "-byte IV decrypted");
        } catch (IOException expected) {
            assertTrueNames(expected);
        }
    }

    private static void assertTrueNames(IOException e) {
        if (!e.getMessage().contains("segment 7")) {
            throw new AssertionError("the error does not name the segment: " + e.getMessage(), e);
        }
    }
}
