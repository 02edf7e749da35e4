package io.slotkv.command;

import io.slotkv.protocol.Numbers;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The timeout argument of BLPOP, BLMOVE, BZPOPMIN and friends: seconds, 0 meaning forever. Read as a C long
 * double and rounded up to whole milliseconds, as Redis 7.2 does: a tiny negative timeout such as -0.0001 rounds
 * to 0 (forever) rather than being refused, and infinities or huge values are "out of range".
 */
final class BlockingTimeout {
    /** The longest wait: deadlines (now plus the wait) must stay far from overflowing a long. */
    private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(Long.MAX_VALUE / 2);

    private BlockingTimeout() {}

    /** Milliseconds to wait (0: forever), or Redis's error for an invalid, negative or too large timeout. */
    static long millis(Call call, int index) {
        byte[] text = call.arg(index);
        BigDecimal seconds = StringCommands.longDouble(text, Errors.TIMEOUT_NOT_FLOAT);
        if (seconds == null) {
            throw new CommandException(Numbers.parseDouble(text) < 0
                    ? Errors.TIMEOUT_NEGATIVE : Errors.TIMEOUT_OUT_OF_RANGE);
        }
        BigDecimal millis = seconds.movePointRight(3).setScale(0, RoundingMode.CEILING);
        Call.require(millis.signum() >= 0, Errors.TIMEOUT_NEGATIVE);
        Call.require(millis.compareTo(MAX_MILLIS) <= 0, Errors.TIMEOUT_OUT_OF_RANGE);
        return millis.longValueExact();
    }
}
