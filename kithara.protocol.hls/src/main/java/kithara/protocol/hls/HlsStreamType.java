package kithara.protocol.hls;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.net.Downloader;
import kithara.api.source.Source;
import kithara.api.source.StreamRequest;
import kithara.api.source.StreamType;
import kithara.stream.cache.AssetStore;

/**
 * The {@code hls} protocol: master and media playlists (VOD and live), the stitched stream of fMP4, MPEG-TS or
 * packed-audio segments, AES-128, adaptive bitrate with seamless (also codec-changing) variant switches, segments
 * kept in the asset cache. A request may fix the variant with the {@link StreamRequest#VARIANT_HEADER}
 * pseudo-header; otherwise the bitrate adapts (configuration PID {@code kithara.protocol.hls}, see
 * {@link HlsConfig}).
 */
@Component(service = StreamType.class, configurationPid = "kithara.protocol.hls", property = StreamType.PROTOCOL + "=hls")
@Designate(ocd = HlsConfig.class)
public final class HlsStreamType implements StreamType {

    private static final Logger LOG = LoggerFactory.getLogger(HlsStreamType.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PLAYLIST_RESOURCE = "playlist:";
    /** The URL a cached playlist came from after redirects: its relative URIs resolve against it offline too. */
    private static final String PLAYLIST_BASE_RESOURCE = "playlist-base:";

    private final Downloader downloader;
    private final Optional<AssetStore> store;
    private final AbrSettings abr;
    private final PlaylistTrust.Settings trust;
    private final FetchPlanner.Limits limits;
    private final ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kithara-hls-reload");
        t.setDaemon(true);
        return t;
    });

    /** Creates the protocol on the shared downloader and, when there is one, the asset cache. */
    @Activate
    public HlsStreamType(@Reference(name = "downloader") Downloader downloader,
                         @Reference(name = "store", cardinality = ReferenceCardinality.OPTIONAL,
                                 policyOption = ReferencePolicyOption.GREEDY) AssetStore store,
                         HlsConfig config) {
        this(downloader, Optional.ofNullable(store), AbrSettings.of(config),
                new FetchPlanner.Limits(Math.max(1, config.prefetchSegments()),
                        Duration.ofMillis(Math.round(Math.max(1, config.bufferAheadSeconds()) * 1000)),
                        Math.max(1 << 16, config.lookAheadBytes())), PlaylistTrust.Settings.of(config));
    }

    HlsStreamType(Downloader downloader, Optional<AssetStore> store, AbrSettings abr, FetchPlanner.Limits limits,
                  PlaylistTrust.Settings trust) {
        this.downloader = downloader;
        this.store = store;
        this.abr = abr;
        this.limits = limits;
        this.trust = trust;
    }

    /** Stops reloading live playlists. */
    @Deactivate
    void deactivate() {
        reloads.shutdownNow();
    }

    @Override
    public String name() {
        return "hls";
    }

    @Override
    public boolean accepts(StreamRequest request) {
        String scheme = request.scheme();
        return (scheme.equals("http") || scheme.equals("https")) && request.isHlsPlaylist();
    }

    @Override
    public Source open(StreamRequest request) throws IOException {
        Map<String, String> headers = new HashMap<>(request.headers());
        String variantChoice = headers.remove(StreamRequest.VARIANT_HEADER);
        URI uri = request.uri();
        SegmentCache cache = new SegmentCache(store, uri);
        PlaylistTrust trust = new PlaylistTrust(uri, headers, this.trust);
        Playlist playlist = request.body().isPresent() ? admit(uri, request.body().get().bytes(),
                request.body().get().location(), trust, cache) : fetchPlaylist(uri, trust, cache);
        TreeMap<Long, Duration> clock = new TreeMap<>();
        List<VariantTrack> tracks = new ArrayList<>();
        AbrSettings settings = variantChoice == null ? abr : abr.fixed(parseVariant(uri, variantChoice));
        if (playlist instanceof Playlist.Master master) {
            if (master.ignored() > 0) {
                LOG.warn("{}: the master names {} variants; the first {} play, the rest are ignored", uri,
                        master.variants().size() + master.ignored(), master.variants().size());
            }
            for (int i = 0; i < master.variants().size(); i++) {
                tracks.add(new VariantTrack(i, master.variants().get(i), clock));
            }
        } else {
            tracks.add(new VariantTrack(0, new Playlist.Variant(uri, 0, 0, List.of()), clock));
            tracks.get(0).update((Playlist.Media) playlist);
            settings = settings.fixed(0);
        }
        if (settings.fixedVariant() >= tracks.size()) {
            throw new PlaylistException(uri.toString(), "no variant " + settings.fixedVariant() + " (there are "
                    + tracks.size() + ")");
        }
        AbrController controller = new AbrController(settings, tracks.stream().map(t -> t.variant().bandwidth()).toList());
        VariantTrack first = tracks.get(controller.initialVariant());
        if (!first.isLoaded()) {
            if (!(fetchPlaylist(first.uri(), trust, cache) instanceof Playlist.Media media)) {
                throw new PlaylistException(first.uri().toString(), "a variant must be a media playlist");
            }
            first.update(media);
        }
        if (first.media().segments().isEmpty() && first.media().endList()) {
            throw new PlaylistException(first.uri().toString(), "the playlist has no segments");
        }
        String why = variantChoice != null ? "requested" : controller.isFixed() ? "configured" : "the master playlist's default";
        return new HlsStream(uri.toString(), tracks, controller, new PartFetcher(downloader, trust, cache), limits,
                downloader, trust, reloads, first.index(), startSequence(first), why).start();
    }

    /** Where playback starts: EXT-X-START when given, else three target durations behind a live edge, else the first. */
    private static long startSequence(VariantTrack track) {
        Optional<Duration> start = track.media().start();
        if (start.isPresent()) {
            Duration at = start.get().isNegative() ? track.end().plus(start.get()) : start.get();
            return track.sequenceAt(at.isNegative() ? Duration.ZERO : at);
        }
        return track.isLive() ? track.liveStart() : track.firstSequence();
    }

    private static int parseVariant(URI uri, String text) throws PlaylistException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new PlaylistException(uri.toString(), "bad variant '" + text + "'");
        }
    }

    /** Fetches and parses a playlist; a VOD playlist is kept in the cache and used from there when the network fails. */
    private Playlist fetchPlaylist(URI uri, PlaylistTrust trust, SegmentCache cache) throws IOException {
        String resource = PLAYLIST_RESOURCE + uri;
        String baseResource = PLAYLIST_BASE_RESOURCE + uri;
        byte[] text;
        URI base;
        try {
            SmallFetch.Fetched fetched = SmallFetch.get(downloader, uri, trust.headersFor(uri), PlaylistParser.MAX_CHARS, TIMEOUT);
            text = fetched.body();
            base = fetched.uri();
        } catch (IOException e) {
            Optional<byte[]> cached = cache.get(resource);
            if (cached.isEmpty()) {
                throw e;
            }
            text = cached.get();
            base = cache.get(baseResource).map(b -> URI.create(new String(b, StandardCharsets.UTF_8))).orElse(uri);
        }
        return admit(uri, text, base, trust, cache);
    }

    /**
     * Parses a playlist's text, relative URIs resolving against {@code base} (where it came from after redirects),
     * checks it against the trust rules and keeps a VOD playlist in the cache.
     */
    private static Playlist admit(URI uri, byte[] text, URI base, PlaylistTrust trust, SegmentCache cache)
            throws IOException {
        Playlist playlist = PlaylistParser.parse(new String(text, StandardCharsets.UTF_8), base);
        trust.admit(uri, playlist);
        if (playlist instanceof Playlist.Master || ((Playlist.Media) playlist).endList()) {
            cache.put(PLAYLIST_RESOURCE + uri, text);
            cache.put(PLAYLIST_BASE_RESOURCE + uri, base.toString().getBytes(StandardCharsets.UTF_8));
        }
        return playlist;
    }
}
