package kithara.launcher.loadtest;

import java.io.IOException;
import java.time.Duration;

import kithara.api.audio.AudioService;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;

/** A Kithara {@link Resource} as a load test's feed. */
public final class ResourceFeed implements PcmFeed {

    private final Resource resource;

    private ResourceFeed(Resource resource) {
        this.resource = resource;
    }

    /** Opens each URI as a resource of {@code audio} with the default request. */
    public static PcmFeed.Opener opener(AudioService audio) {
        return uri -> new ResourceFeed(audio.open(ResourceRequest.of(uri)));
    }

    @Override
    public int channels() {
        return resource.spec().channels();
    }

    @Override
    public int sampleRate() {
        return resource.spec().sampleRate();
    }

    @Override
    public int read(float[] dst, int offset, int length) throws IOException {
        return resource.read(dst, offset, length);
    }

    @Override
    public boolean rewind() {
        try {
            resource.seek(Duration.ZERO);
            return true;
        } catch (IOException cannotSeek) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        resource.close();
    }
}
