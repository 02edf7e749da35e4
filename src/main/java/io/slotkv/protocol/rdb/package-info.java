/**
 * Redis's DUMP payload format, so that keys move between slotkv and redis-server in both directions (RESTORE,
 * MIGRATE, {@code redis-cli --cluster import}).
 *
 * <p>A payload is one RDB object (a type byte and the encoded value), the two-byte little-endian RDB version and the
 * CRC-64 of everything before it. {@link io.slotkv.protocol.rdb.DumpWriter} emits the plain encodings that every
 * Redis since 5.0 reads; {@link io.slotkv.protocol.rdb.DumpReader} reads everything Redis up to 7.2 emits for strings,
 * lists, sets, hashes and sorted sets, including the compact encodings of older versions, and treats every length
 * it reads as hostile: a payload is untrusted input from the network.
 *
 * <p>Thread ownership: nothing here is shared. The reader and the codecs are stateless; a {@code DumpWriter} belongs
 * to the one caller that fills it.
 */
package io.slotkv.protocol.rdb;
