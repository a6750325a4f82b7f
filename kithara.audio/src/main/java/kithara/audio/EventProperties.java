package kithara.audio;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import kithara.api.event.EventTopics;
import kithara.api.event.KitharaEvent;

/**
 * The EventAdmin properties of a {@link KitharaEvent}: each field of the event as a plain value, so that handlers,
 * loggers and bridges need none of Kithara's classes. Strings, numbers and booleans stay as they are; an enum or a URI
 * becomes its name; a duration becomes milliseconds under the field's name plus {@code Ms}; an absent optional is
 * left out; a nested record is flattened under {@code field.}; a list becomes an array of strings.
 */
final class EventProperties {

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    private EventProperties() {
    }

    /** Returns the properties of {@code event} about the resource {@code resource}. */
    static Map<String, Object> of(KitharaEvent event, String resource) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(EventTopics.RESOURCE, resource);
        properties.put(EventTopics.TYPE, event.getClass().getSimpleName());
        flatten("", (Record) event, properties);
        return properties;
    }

    private static void flatten(String prefix, Record record, Map<String, Object> out) {
        for (RecordComponent c : COMPONENTS.get(record.getClass())) {
            Object value;
            try {
                value = c.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c + " of " + record.getClass(), e);
            }
            put(prefix + c.getName(), value, out);
        }
    }

    private static void put(String key, Object value, Map<String, Object> out) {
        if (value instanceof Optional<?> o) {
            o.ifPresent(v -> put(key, v, out));
        } else if (value instanceof OptionalInt o) {
            o.ifPresent(v -> out.put(key, v));
        } else if (value instanceof OptionalLong o) {
            o.ifPresent(v -> out.put(key, v));
        } else if (value instanceof OptionalDouble o) {
            o.ifPresent(v -> out.put(key, v));
        } else if (value instanceof Duration d) {
            out.put(key + "Ms", d.toMillis());
        } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            out.put(key, value);
        } else if (value instanceof Enum<?> e) {
            out.put(key, e.name());
        } else if (value instanceof Record r) {
            flatten(key + ".", r, out);
        } else if (value instanceof Collection<?> c) {
            out.put(key, c.stream().map(String::valueOf).toArray(String[]::new));
        } else if (value != null) {
            out.put(key, value.toString());
        }
    }
}
