/**
 * Configuration: every directive slotkv knows, parsed from redis.conf-style files and {@code --directive value}
 * arguments, validated once at start-up, and changed at run time only through {@link io.slotkv.config.Config#set}.
 *
 * <p>Thread ownership: a {@link io.slotkv.config.Config} is read from any thread (values are published through a
 * volatile snapshot) and written only by the shard thread executing CONFIG SET.
 */
package io.slotkv.config;
