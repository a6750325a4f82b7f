package kithara.audio;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import kithara.api.audio.AudioService;
import kithara.api.audio.AudioSink;
import kithara.api.audio.PlayQueue;
import kithara.api.audio.Player;
import kithara.api.audio.Resource;
import kithara.api.audio.ResourceStatus;
import kithara.api.audio.ResourceRequest;
import kithara.api.decode.DecoderProvider;
import kithara.api.media.PcmSpec;
import kithara.api.dsp.Resampler;
import kithara.api.source.Source;
import kithara.api.source.SourceException;
import kithara.api.source.StreamRequest;
import kithara.api.source.StreamType;

/**
 * The {@link AudioService}: picks the protocol among the {@link StreamType} services, the decoder among the
 * {@link DecoderProvider} services (by ranking, with fallback), and builds an {@link AudioResource}. All
 * collaborators are dynamic: a provider that leaves is replaced in the resources using it.
 */
@Component(service = AudioService.class)
public final class AudioServiceComponent implements AudioService {

    private static final Duration SNIFF_WAIT = Duration.ofSeconds(10);
    /** A playlist found by its first bytes is handed over whole up to this size; a larger one is fetched again. */
    private static final int MAX_PLAYLIST_BYTES = 8 << 20;
    /** A decode thread left idle this long ends; a playing resource wakes one several times a second. */
    private static final Duration DECODE_THREAD_KEEP_ALIVE = Duration.ofSeconds(5);
    /** How long an open waits for DS to bind a protocol the framework shows registered already. */
    private static final Duration BIND_WAIT = Duration.ofSeconds(2);

    private final RankedProviders<StreamType> streamTypes = new RankedProviders<>();
    private final RankedProviders<DecoderProvider> decoders = new RankedProviders<>();
    private final RankedProviders<Resampler> resamplers = new RankedProviders<>();
    private final Set<AudioResource> open = ConcurrentHashMap.newKeySet();
    private final Set<AudioQueue> queues = ConcurrentHashMap.newKeySet();
    private final AtomicInteger queueNumbers = new AtomicInteger();
    private final Set<QueuePlayer> players = ConcurrentHashMap.newKeySet();
    private final DecodePool decodePool = new DecodePool(DECODE_THREAD_KEEP_ALIVE);
    private volatile boolean stopped;
    private volatile EventAdmin eventAdmin;
    private final EventInterest eventInterest = new EventInterest();
    /** The framework's registered {@link StreamType} services, by {@code service.id}; none outside OSGi. */
    private volatile Supplier<List<Long>> registeredStreamTypes = List::of;

    /** Learns the framework's registered protocols from {@code context}, to wait for one DS binds a moment later. */
    @Activate
    void activate(BundleContext context) {
        registeredStreamTypes = () -> registeredStreamTypes(context);
    }

    private static List<Long> registeredStreamTypes(BundleContext context) {
        try {
            return context.getServiceReferences(StreamType.class, null).stream()
                    .map(ref -> (Long) ref.getProperty(Constants.SERVICE_ID)).toList();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        } catch (IllegalStateException stopping) {
            return List.of(); // the bundle is stopping: nothing will be bound any more
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addStreamType(StreamType type, Map<String, Object> props) {
        streamTypes.add(type, ranking(props), serviceId(props), String.valueOf(props.get(StreamType.PROTOCOL)));
    }

    void removeStreamType(StreamType type) {
        streamTypes.remove(type);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDecoder(DecoderProvider provider, Map<String, Object> props) {
        decoders.add(provider, ranking(props), serviceId(props), String.valueOf(props.get(DecoderProvider.NAME)));
    }

    void removeDecoder(DecoderProvider provider) {
        decoders.remove(provider);
        for (AudioResource r : open) {
            r.providerGone(provider);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addResampler(Resampler resampler, Map<String, Object> props) {
        resamplers.add(resampler, ranking(props), serviceId(props), "resampler");
    }

    void removeResampler(Resampler resampler) {
        resamplers.remove(resampler);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin admin) {
        eventAdmin = admin;
    }

    void unsetEventAdmin(EventAdmin admin) {
        if (eventAdmin == admin) {
            eventAdmin = null;
        }
    }

    /** Only the topics handlers subscribe to: bound by properties alone, no handler is activated or held. */
    @Reference(service = EventHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, updated = "updatedEventHandler")
    void addEventHandler(Map<String, Object> props) {
        eventInterest.handler(serviceId(props), props.get(EventConstants.EVENT_TOPIC));
    }

    void updatedEventHandler(Map<String, Object> props) {
        addEventHandler(props);
    }

    void removeEventHandler(Map<String, Object> props) {
        eventInterest.handlerGone(serviceId(props));
    }

    /** The EventAdmin to post {@code topic} to, or null when there is none or no handler subscribes to the topic. */
    private EventAdmin eventAdminFor(String topic) {
        EventAdmin admin = eventAdmin;
        return admin != null && eventInterest.wants(topic) ? admin : null;
    }

    private static int ranking(Map<String, Object> props) {
        return props.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    private static long serviceId(Map<String, Object> props) {
        return props.get(Constants.SERVICE_ID) instanceof Long l ? l : 0;
    }

    @Override
    public Resource open(ResourceRequest request) throws IOException {
        requireRunning(request);
        Map<String, String> headers = new java.util.HashMap<>(request.headers());
        request.variant().ifPresent(v -> headers.put(StreamRequest.VARIANT_HEADER, Integer.toString(v)));
        StreamRequest streamRequest = new StreamRequest(request.uri(), headers, Optional.empty(), Optional.empty());
        Source source = openSource(streamRequest);
        Events events = new Events(request.uri(), this::eventAdminFor, open::remove);
        AudioResource resource = new AudioResource(source, request.uri().toString(), request, () -> decoders.ranked().stream()
                .filter(d -> request.decoder().map(d.name()::equals).orElse(true)).toList(),
                () -> resamplers.ranked().stream().findFirst().map(RankedProviders.Ranked::service), events, decodePool);
        open.add(resource);
        try {
            requireRunning(request); // stopped while opening: deactivate may have missed this one
            resource.start();
            return resource;
        } catch (IOException | RuntimeException e) {
            resource.close();
            throw e;
        }
    }

    /** Opens a queue whose items this service opens; closing the queue (or stopping the service) ends its thread. */
    @Override
    public PlayQueue openQueue(PcmSpec output) {
        Objects.requireNonNull(output, "output");
        AudioQueue[] queue = new AudioQueue[1];
        queue[0] = new AudioQueue(this::open, output, Integer.toString(queueNumbers.incrementAndGet()),
                () -> queues.remove(queue[0]));
        queues.add(queue[0]);
        return queue[0];
    }

    @Override
    public Player newPlayer(PlayQueue queue, AudioSink sink) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(sink, "sink");
        QueuePlayer[] player = new QueuePlayer[1];
        player[0] = new QueuePlayer(queue, sink, Integer.toString(queueNumbers.incrementAndGet()),
                () -> players.remove(player[0]));
        players.add(player[0]);
        if (stopped) {
            closeQuietly(player[0]);
            throw new IllegalStateException("the audio service has stopped");
        }
        return player[0];
    }

    /**
     * Opens the source with the best protocol that accepts the request; a remote file that turns out to be an HLS
     * playlist ({@code #EXTM3U}) is handed, with the bytes fetched already, to the protocol that takes playlists.
     */
    private Source openSource(StreamRequest request) throws IOException {
        Source source = protocolFor(request).open(request);
        if (request.scheme().equals("file") || request.isHlsPlaylist()) {
            return source;
        }
        StreamRequest playlist;
        try {
            StreamRequest sniffed = request.withSniff(SourceBytes.first(source, 16, SNIFF_WAIT));
            if (!sniffed.isHlsPlaylist()) {
                return source;
            }
            playlist = playlistRequest(sniffed, source);
        } catch (IOException | RuntimeException e) {
            closeQuietly(source, e); // its first bytes failed: nothing else will ever close it
            throw e;
        }
        source.close();
        return protocolFor(playlist).open(playlist);
    }

    /** The request for a playlist found by its first bytes, carrying its whole body when it just came from the network. */
    private static StreamRequest playlistRequest(StreamRequest sniffed, Source source) throws IOException {
        Optional<URI> location = source.location(); // none when the cache served it: a playlist may have changed since
        if (location.isEmpty()) {
            return sniffed;
        }
        return SourceBytes.whole(source, MAX_PLAYLIST_BYTES, SNIFF_WAIT)
                .map(body -> sniffed.withBody(new StreamRequest.Body(body, location.get()))).orElse(sniffed);
    }

    private static void closeQuietly(Source source, Exception failure) {
        try {
            source.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Closes a player on the way out (its sink may fail to close: nothing more to do with it then). */
    private static void closeQuietly(QueuePlayer player) {
        try {
            player.close();
        } catch (IOException ignored) {
            // its sink failed to close: nothing more to do with it
        }
    }

    private StreamType protocolFor(StreamRequest request) throws SourceException {
        Optional<StreamType> accepting = accepting(request);
        if (accepting.isEmpty()) {
            awaitRegisteredProtocols();
            accepting = accepting(request); // bound meanwhile, maybe even before the wait began
        }
        if (accepting.isPresent()) {
            return accepting.get();
        }
        throw new SourceException(SourceException.Reason.FAILED, request.uri().toString(), Optional.empty(),
                new IOException("no stream type for this URI (protocols installed: " + streamTypes.ranked().stream()
                        .map(RankedProviders.Ranked::name).toList() + ")"));
    }

    private Optional<StreamType> accepting(StreamRequest request) {
        return streamTypes.ranked().stream().map(RankedProviders.Ranked::service).filter(t -> t.accepts(request))
                .findFirst();
    }

    /**
     * Waits, up to {@link #BIND_WAIT}, until DS has bound every protocol the framework shows registered: one restarted
     * by a configuration change is registered a moment before it is bound, and an open in between would find none.
     */
    private void awaitRegisteredProtocols() {
        long deadline = System.nanoTime() + BIND_WAIT.toNanos();
        try {
            for (long id : registeredStreamTypes.get()) {
                streamTypes.awaitBound(id, deadline - System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public List<ResourceStatus> openResources() {
        return open.stream().map(AudioResource::status).toList();
    }

    /** Refuses to open once the service is stopped: a caller may still hold it after its bundle stopped. */
    private void requireRunning(ResourceRequest request) throws IOException {
        if (stopped) {
            throw new SourceException(SourceException.Reason.CANCELLED, request.uri().toString(), Optional.empty(),
                    new IOException("the audio service is stopped (its bundle stopped or restarts)"));
        }
    }

    /** Closes every resource still open and ends the decode threads; later opens are refused. */
    @Deactivate
    void deactivate() {
        stopped = true;
        players.forEach(AudioServiceComponent::closeQuietly);
        queues.forEach(AudioQueue::close);
        for (AudioResource r : List.copyOf(open)) {
            try {
                r.close();
            } catch (IOException ignored) {
                // closing on the way out: nothing more to do with it
            }
        }
        decodePool.close();
    }
}
