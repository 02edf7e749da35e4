package io.slotkv.config;

import java.util.Locale;

/**
 * The {@code client-output-buffer-limit} directive: "class hard soft soft-seconds" triples for the classes
 * normal, replica and pubsub, as redis.conf writes them. slotkv enforces the normal class.
 *
 * @param hardBytes disconnect as soon as a client's pending output exceeds this (0: no limit)
 * @param softBytes disconnect when pending output stays above this for {@code softSeconds} (0: no limit)
 */
public record OutputBufferLimits(long hardBytes, long softBytes, long softSeconds) {

    /** The normal-class limits of a canonical directive value. */
    public static OutputBufferLimits normalClass(String canonical) {
        String[] words = canonical.split(" ");
        for (int i = 0; i + 3 < words.length; i += 4) {
            if (words[i].equals("normal")) {
                return new OutputBufferLimits(
                        Long.parseLong(words[i + 1]), Long.parseLong(words[i + 2]), Long.parseLong(words[i + 3]));
            }
        }
        return new OutputBufferLimits(0, 0, 0);
    }

    static String normalize(String value) throws ConfigException {
        String[] words = value.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length == 0 || words.length % 4 != 0) {
            throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
        }
        String normal = "normal 0 0 0";
        String replica = "replica 0 0 0";
        String pubsub = "pubsub 0 0 0";
        for (int i = 0; i < words.length; i += 4) {
            String cls = words[i].equals("slave") ? "replica" : words[i];
            String triple = cls + " " + Directive.parseMemory(words[i + 1]) + " "
                    + Directive.parseMemory(words[i + 2]) + " " + parseSeconds(words[i + 3]);
            switch (cls) {
                case "normal" -> normal = triple;
                case "replica" -> replica = triple;
                case "pubsub" -> pubsub = triple;
                default -> throw new ConfigException("Invalid client class specified in buffer limit configuration.");
            }
        }
        return normal + " " + replica + " " + pubsub;
    }

    private static long parseSeconds(String word) throws ConfigException {
        try {
            long seconds = Long.parseLong(word);
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new ConfigException("Error in soft_seconds setting in buffer limit configuration.");
        }
    }
}
