package kithara.audio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import kithara.api.event.EventTopics;

class EventInterestTest {

    private final EventInterest interest = new EventInterest();

    @Test
    void withoutHandlersNoTopicIsWanted() {
        assertFalse(interest.wants(EventTopics.PLAYBACK_PROGRESS));
    }

    @Test
    void topicsMatchAsEventAdminMatchesThem() {
        interest.handler(1, EventTopics.FORMAT_DETECTED);
        assertTrue(interest.wants(EventTopics.FORMAT_DETECTED), "the topic itself");
        assertFalse(interest.wants(EventTopics.PLAYBACK_PROGRESS), "another topic");

        interest.handler(2, new String[] {"org/other/*", EventTopics.PREFIX + "*"});
        assertTrue(interest.wants(EventTopics.PLAYBACK_PROGRESS), "below a wildcard of an array's entry");
        assertFalse(interest.wants("org/elsewhere/Thing"));

        interest.handler(3, List.of("*"));
        assertTrue(interest.wants("org/elsewhere/Thing"), "everything, from a collection");
    }

    @Test
    void aHandlerThatGoesOrChangesItsTopicsIsForgotten() {
        interest.handler(1, EventTopics.PREFIX + "*");
        assertTrue(interest.wants(EventTopics.PLAYBACK_PROGRESS));

        interest.handler(1, EventTopics.FORMAT_DETECTED);
        assertFalse(interest.wants(EventTopics.PLAYBACK_PROGRESS), "its topics changed");

        interest.handlerGone(1);
        assertFalse(interest.wants(EventTopics.FORMAT_DETECTED), "it went away");
    }

    @Test
    void aHandlerWithoutTopicsWantsNothing() {
        interest.handler(1, null);
        interest.handler(2, 42);
        assertFalse(interest.wants(EventTopics.PLAYBACK_PROGRESS));
    }
}
