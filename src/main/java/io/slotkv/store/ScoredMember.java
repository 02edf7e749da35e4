package io.slotkv.store;

/** A sorted-set member with its score, as range queries return them. */
public record ScoredMember(byte[] member, double score) {}
