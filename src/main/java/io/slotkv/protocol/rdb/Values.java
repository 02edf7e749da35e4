package io.slotkv.protocol.rdb;

import io.slotkv.protocol.Numbers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds decoded values and refuses what Redis refuses to RESTORE whatever the encoding it came in: empty
 * collections, repeated set members, hash fields or sorted-set members, and NaN scores.
 */
final class Values {
    private Values() {}

    static DumpValue.ListValue list(List<byte[]> elements) throws DumpFormatException {
        requireElements(elements.size());
        return new DumpValue.ListValue(elements);
    }

    static DumpValue.SetValue set(List<byte[]> members) throws DumpFormatException {
        requireElements(members.size());
        requireDistinct(members, "set member");
        return new DumpValue.SetValue(members);
    }

    /** A hash from its fields and values, alternating. */
    static DumpValue.HashValue hash(List<byte[]> pairs) throws DumpFormatException {
        List<byte[]> fields = new ArrayList<>(pairs.size() / 2);
        List<byte[]> values = new ArrayList<>(pairs.size() / 2);
        split(pairs, fields, values);
        requireElements(fields.size());
        requireDistinct(fields, "hash field");
        return new DumpValue.HashValue(fields, values);
    }

    /** A sorted set from its members and scores, alternating, each score written as text or an integer. */
    static DumpValue.ZSetValue zset(List<byte[]> pairs) throws DumpFormatException {
        List<byte[]> members = new ArrayList<>(pairs.size() / 2);
        List<byte[]> scoreTexts = new ArrayList<>(pairs.size() / 2);
        split(pairs, members, scoreTexts);
        double[] scores = new double[scoreTexts.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = score(scoreTexts.get(i));
        }
        return zset(members, scores);
    }

    static DumpValue.ZSetValue zset(List<byte[]> members, double[] scores) throws DumpFormatException {
        requireElements(members.size());
        for (double score : scores) {
            if (Double.isNaN(score)) {
                throw new DumpFormatException("sorted set score is NaN");
            }
        }
        requireDistinct(members, "sorted set member");
        return new DumpValue.ZSetValue(members, scores);
    }

    /** A score written as text, read as Redis reads a score argument. */
    static double score(byte[] text) throws DumpFormatException {
        Double score = Numbers.parseDouble(text);
        if (score == null) {
            throw new DumpFormatException("sorted set score is not a number");
        }
        return score;
    }

    private static void split(List<byte[]> pairs, List<byte[]> keys, List<byte[]> values)
            throws DumpFormatException {
        if (pairs.size() % 2 != 0) {
            throw new DumpFormatException("odd number of entries (" + pairs.size() + ") where pairs belong");
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            keys.add(pairs.get(i));
            values.add(pairs.get(i + 1));
        }
    }

    private static void requireElements(int count) throws DumpFormatException {
        if (count == 0) {
            throw new DumpFormatException("empty collection");
        }
    }

    private static void requireDistinct(List<byte[]> items, String what) throws DumpFormatException {
        Set<ByteBuffer> seen = new HashSet<>(items.size() * 4 / 3 + 1);
        for (byte[] item : items) {
            if (!seen.add(ByteBuffer.wrap(item))) {
                throw new DumpFormatException("duplicate " + what);
            }
        }
    }
}
