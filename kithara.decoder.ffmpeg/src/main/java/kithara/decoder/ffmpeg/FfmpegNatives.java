package kithara.decoder.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_version;
import static org.bytedeco.ffmpeg.global.avutil.av_version_info;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads FFmpeg's native libraries once per class loader. JavaCPP extracts them from this bundle's
 * resources into a cache folder named after the JavaCPP version under the user's cache directory,
 * unless {@value #CACHE_DIR_PROPERTY} is already set.
 */
final class FfmpegNatives {

    /** JavaCPP's system property for its extraction folder. */
    static final String CACHE_DIR_PROPERTY = "org.bytedeco.javacpp.cachedir";

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegNatives.class);
    private static String description;

    private FfmpegNatives() {
    }

    /**
     * Loads the libraries if not loaded yet and describes them.
     *
     * @param javacppVersion the embedded JavaCPP version, used to name the cache folder
     * @return e.g. {@code FFmpeg 8.0.1 (libavcodec 62.11.100), JavaCPP 1.5.13}
     * @throws UnsatisfiedLinkError when the natives cannot be loaded on this platform
     */
    static synchronized String load(String javacppVersion) {
        if (description == null) {
            if (System.getProperty(CACHE_DIR_PROPERTY) == null) {
                System.setProperty(CACHE_DIR_PROPERTY, defaultCacheDir(javacppVersion).toString());
            }
            long start = System.nanoTime();
            FfmpegLog.install();
            String ffmpeg = av_version_info().getString();
            int codec = avcodec_version();
            description = "FFmpeg " + ffmpeg + " (libavcodec " + (codec >> 16) + "." + ((codec >> 8) & 0xff) + "."
                    + (codec & 0xff) + "), JavaCPP " + javacppVersion;
            LOG.info("loaded {} in {} ms from {}", description, (System.nanoTime() - start) / 1_000_000,
                    System.getProperty(CACHE_DIR_PROPERTY));
        }
        return description;
    }

    /** Returns {@code $XDG_CACHE_HOME/kithara/javacpp-VERSION}, defaulting to {@code ~/.cache}. */
    static Path defaultCacheDir(String javacppVersion) {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("kithara").resolve("javacpp-" + javacppVersion);
    }
}
