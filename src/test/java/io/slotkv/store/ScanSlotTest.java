package io.slotkv.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Keyspace#scanSlot} on both engines, walked the way a slot mover walks it: a bounded number of keys per
 * call, deleting what it visited between calls. Each key of the slot is visited, no key of another slot is, and a
 * walk that found the slot's keys ends with a null cursor.
 */
class ScanSlotTest extends BothEngines {
    private static final String TAG = "{scan}";

    /** Writes {@code count} keys into the tag's slot (and as many elsewhere, when asked); returns the slot. */
    private static int fill(Keyspace db, int count, boolean elsewhereToo) {
        for (int i = 0; i < count; i++) {
            db.putString(b(TAG + i), b("v" + i), Keyspace.NO_EXPIRY);
            if (elsewhereToo) {
                db.putString(b("other" + i), b("x"), Keyspace.NO_EXPIRY);
            }
        }
        db.commit();
        return io.slotkv.protocol.HashSlot.of(b(TAG));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void walksEveryKeyOfTheSlotWhileTheVisitedOnesAreDeleted(String name) throws IOException {
        Keyspace db = open(name);
        int slot = fill(db, 5000, true);
        Set<String> visited = new HashSet<>();
        int walks = 0;
        while (db.countKeysInSlot(slot) > 0 && walks++ < 10) {
            byte[] cursor = null;
            do {
                List<byte[]> keys = new ArrayList<>();
                cursor = db.scanSlot(slot, cursor, 100, keys::add);
                assertThat(keys.size()).isLessThanOrEqualTo(100);
                for (byte[] key : keys) {
                    assertThat(io.slotkv.protocol.HashSlot.of(key)).isEqualTo(slot);
                    visited.add(new String(key, StandardCharsets.UTF_8));
                    db.delete(key);
                }
                db.commit();
            } while (cursor != null);
        }
        assertThat(visited).hasSize(5000);
        assertThat(db.countKeysInSlot(slot)).isZero();
        assertThat(db.scanSlot(slot, null, 10, key -> { })).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void aWalkWithoutDeletionsVisitsEachKeyOnce(String name) throws IOException {
        Keyspace db = open(name);
        int slot = fill(db, 1000, false);
        List<String> visited = new ArrayList<>();
        byte[] cursor = null;
        do {
            cursor = db.scanSlot(slot, cursor, 7, key -> visited.add(new String(key, StandardCharsets.UTF_8)));
        } while (cursor != null);
        assertThat(visited).hasSize(1000).doesNotHaveDuplicates();
    }
}
