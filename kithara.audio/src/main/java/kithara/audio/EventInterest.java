package kithara.audio;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Which EventAdmin topics some {@code EventHandler} subscribes to, from the {@code event.topics} property of each
 * registered handler: an event no handler wants is never turned into EventAdmin properties and posted (hundreds of
 * playing streams publish thousands of progress events a second). Matching follows EventAdmin: {@code *} matches every
 * topic, {@code a/b/*} every topic below {@code a/b/}, anything else the topic itself. Thread-safe.
 */
final class EventInterest {

    /** The subscribed topics of each handler, by its service id. */
    private final Map<Long, List<String>> handlers = new ConcurrentHashMap<>();
    /** What {@link #wants} answered for each topic since the handlers last changed. */
    private volatile Map<String, Boolean> answers = new ConcurrentHashMap<>();

    /** A handler came, or its topics changed. */
    void handler(long serviceId, Object topics) {
        handlers.put(serviceId, topicsOf(topics));
        answers = new ConcurrentHashMap<>();
    }

    /** A handler went away. */
    void handlerGone(long serviceId) {
        handlers.remove(serviceId);
        answers = new ConcurrentHashMap<>();
    }

    /** Whether some handler subscribes to {@code topic}. */
    boolean wants(String topic) {
        return answers.computeIfAbsent(topic, t -> handlers.values().stream().flatMap(List::stream)
                .anyMatch(pattern -> matches(pattern, t)));
    }

    private static boolean matches(String pattern, String topic) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith("/*")) {
            return topic.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(topic);
    }

    /** The property's topics: a string, an array or a collection of strings (a handler without any gets no events). */
    private static List<String> topicsOf(Object property) {
        Stream<?> values = property instanceof String s ? Stream.of(s)
                : property instanceof Object[] array ? Stream.of(array)
                : property instanceof Collection<?> c ? c.stream() : Stream.empty();
        return values.filter(String.class::isInstance).map(String.class::cast).toList();
    }
}
