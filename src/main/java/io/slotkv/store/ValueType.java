package io.slotkv.store;

/** The five Redis value types slotkv stores, with the names TYPE and SCAN ... TYPE use. */
public enum ValueType {
    STRING("string"),
    LIST("list"),
    SET("set"),
    ZSET("zset"),
    HASH("hash");

    private final String redisName;

    ValueType(String redisName) {
        this.redisName = redisName;
    }

    /** The name Redis's TYPE command answers. */
    public String redisName() {
        return redisName;
    }
}
