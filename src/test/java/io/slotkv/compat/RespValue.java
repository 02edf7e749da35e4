package io.slotkv.compat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One RESP2 or RESP3 reply exactly as a server sent it (type byte, header text, children), so two servers'
 * replies can be compared byte for byte, or after sorting the elements of replies whose order Redis leaves
 * unspecified.
 */
record RespValue(char type, String text, List<RespValue> children) {

    /** Reads one complete reply. */
    static RespValue read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed");
        }
        String line = line(in);
        return switch (type) {
            case '+', '-', ':', ',', '#', '_', '(' -> new RespValue((char) type, line, List.of());
            case '$', '=', '!' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield new RespValue((char) type, line, List.of());
                }
                byte[] body = in.readNBytes(length + 2);
                yield new RespValue((char) type, new String(body, 0, length, StandardCharsets.ISO_8859_1), List.of());
            }
            case '*', '~', '>', '%', '|' -> {
                int count = Integer.parseInt(line);
                int elements = type == '%' || type == '|' ? count * 2 : count;
                List<RespValue> children = new ArrayList<>();
                for (int i = 0; i < elements; i++) {
                    children.add(read(in));
                }
                yield new RespValue((char) type, line, children);
            }
            default -> throw new IOException("unknown RESP type byte " + type);
        };
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** The same value with the elements of every aggregate sorted (map entries as pairs), recursively. */
    RespValue sorted() {
        if (children.isEmpty()) {
            return this;
        }
        List<RespValue> sortedChildren = new ArrayList<>();
        if (type == '%' || type == '|') {
            List<List<RespValue>> pairs = new ArrayList<>();
            for (int i = 0; i < children.size(); i += 2) {
                pairs.add(List.of(children.get(i).sorted(), children.get(i + 1).sorted()));
            }
            pairs.sort(Comparator.comparing(p -> p.get(0).toString() + p.get(1)));
            pairs.forEach(sortedChildren::addAll);
        } else {
            children.forEach(c -> sortedChildren.add(c.sorted()));
            sortedChildren.sort(Comparator.comparing(RespValue::toString));
        }
        return new RespValue(type, text, sortedChildren);
    }

    /** The reply as it travels, readable: "*2 [$1 a, :1]". */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(type).append(text.replace("\r", "\\r").replace("\n", "\\n"));
        if (!children.isEmpty()) {
            b.append(' ').append(children);
        }
        return b.toString();
    }
}
