package io.slotkv.command;

/** Redis's error replies, spelled exactly as Redis spells them: clients and tests match on the text. */
public final class Errors {
    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String INDEX_OUT_OF_RANGE = "ERR index out of range";
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    public static final String DB_INDEX = "ERR DB index is out of range";
    public static final String NOT_POSITIVE = "ERR value is out of range, must be positive";
    public static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
    public static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
    public static final String TIMEOUT_OUT_OF_RANGE = "ERR timeout is out of range";
    public static final String MIN_MAX_NOT_FLOAT = "ERR min or max is not a float";
    public static final String MIN_MAX_NOT_STRING = "ERR min or max not valid string range item";
    public static final String NESTED_MULTI = "ERR MULTI calls can not be nested";
    public static final String EXEC_WITHOUT_MULTI = "ERR EXEC without MULTI";
    public static final String DISCARD_WITHOUT_MULTI = "ERR DISCARD without MULTI";
    public static final String WATCH_IN_MULTI = "ERR WATCH inside MULTI is not allowed";
    public static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";
    public static final String STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    public static final String BIT_OFFSET = "ERR bit offset is not an integer or out of range";
    public static final String BIT_VALUE = "ERR bit is not an integer or out of range";

    private Errors() {}

    /** "ERR wrong number of arguments for 'get' command". */
    public static String arity(String command) {
        return "ERR wrong number of arguments for '" + command + "' command";
    }

    /** "ERR invalid expire time in 'set' command". */
    public static String invalidExpire(String command) {
        return "ERR invalid expire time in '" + command + "' command";
    }
}
