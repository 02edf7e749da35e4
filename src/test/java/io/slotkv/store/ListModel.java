package io.slotkv.store;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The growing half of the random list tests every engine runs against a {@link java.util.ArrayList} model: a
 * push at either end or an insert, applied to the view and the model alike.
 */
public final class ListModel {
    private ListModel() {}

    public static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** Push at the head ({@code kind} 0), at the tail (1), or insert at a random position (otherwise). */
    public static void grow(ListValue list, List<String> model, int kind, byte[] value, java.util.Random random) {
        switch (kind) {
            case 0 -> {
                list.push(true, value);
                model.addFirst(text(value));
            }
            case 1 -> {
                list.push(false, value);
                model.addLast(text(value));
            }
            default -> {
                int index = random.nextInt(model.size() + 1);
                list.insert(index, value);
                model.add(index, text(value));
            }
        }
    }
}
