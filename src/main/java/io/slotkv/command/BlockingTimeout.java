package io.slotkv.command;

/** The timeout argument of BLPOP, BLMOVE, BZPOPMIN and friends: seconds as a double, 0 meaning forever. */
final class BlockingTimeout {
    private BlockingTimeout() {}

    /** Milliseconds to wait (0: forever), or Redis's error for a negative or invalid timeout. */
    static long millis(Call call, int index) {
        Double seconds = io.slotkv.protocol.Numbers.parseDouble(call.arg(index));
        if (seconds == null || seconds.isInfinite()) {
            throw new CommandException(Errors.TIMEOUT_NOT_FLOAT);
        }
        if (seconds < 0) {
            throw new CommandException(Errors.TIMEOUT_NEGATIVE);
        }
        double millis = Math.ceil(seconds * 1000);
        if (millis > Long.MAX_VALUE / 2) {
            throw new CommandException(Errors.TIMEOUT_OUT_OF_RANGE);
        }
        return (long) millis;
    }
}
