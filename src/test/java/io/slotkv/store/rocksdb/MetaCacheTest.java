package io.slotkv.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The metadata cache keeps the two most recently used keys of a set and never answers for a key it does not hold. */
class MetaCacheTest {
    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSetKeepsItsTwoMostRecentlyUsedKeys() {
        MetaCache cache = new MetaCache(2); // one set: every key competes for the same two places
        cache.put(b("a"), b("1"));
        cache.put(b("b"), b("2"));
        assertThat(cache.get(b("a"))).isEqualTo(b("1")); // a is now the more recently used
        cache.put(b("c"), b("3"));
        assertThat(cache.get(b("b"))).as("the least recently used went").isNull();
        assertThat(cache.get(b("a"))).isEqualTo(b("1"));
        assertThat(cache.get(b("c"))).isEqualTo(b("3"));

        cache.put(b("c"), MetaCache.ABSENT); // an update keeps its place, the other key stays
        assertThat(cache.get(b("c"))).isSameAs(MetaCache.ABSENT);
        assertThat(cache.get(b("a"))).isEqualTo(b("1"));
    }

    @Test
    void aValueTooBigIsNotKeptAndDropsWhatWasCachedForItsKey() {
        MetaCache cache = new MetaCache(2);
        cache.put(b("a"), b("1"));
        cache.put(b("b"), b("2"));
        cache.put(b("a"), new byte[MetaCache.MAX_VALUE + 1]);
        assertThat(cache.get(b("a"))).as("not answered with the old value").isNull();
        assertThat(cache.get(b("b"))).isEqualTo(b("2"));
        cache.put(b("c"), b("3"));
        cache.put(b("d"), new byte[MetaCache.MAX_VALUE + 1]);
        assertThat(cache.get(b("b"))).as("a value not kept evicts nothing").isEqualTo(b("2"));
        assertThat(cache.get(b("c"))).isEqualTo(b("3"));
        cache.clear();
        assertThat(cache.get(b("b"))).isNull();
    }
}
