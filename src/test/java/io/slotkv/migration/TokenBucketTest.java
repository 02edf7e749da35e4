package io.slotkv.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The throttle's arithmetic, on a clock the test moves (the rate over real time is measured by the benchmark). */
class TokenBucketTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void holdsTheRateOverTenSecondsOfBatches() {
        double rate = 3.5 * (1 << 20);
        long now = 0;
        TokenBucket bucket = new TokenBucket(rate, now);
        long sent = 0;
        while (now < 10 * SECOND) {
            long wait = bucket.waitNanos(now);
            if (wait > 0) {
                now += wait;
                continue;
            }
            bucket.take(256 * 1024);
            sent += 256 * 1024;
        }
        assertThat(sent / 10.0).isCloseTo(rate, org.assertj.core.data.Percentage.withPercentage(10));
    }

    @Test
    void aBatchBiggerThanTheBurstWaitsItsDebtExactly() {
        TokenBucket bucket = new TokenBucket(1000, 0);
        assertThat(bucket.waitNanos(0)).isZero();
        bucket.take(500);
        assertThat(bucket.waitNanos(0)).isEqualTo(SECOND / 2);
        assertThat(bucket.waitNanos(SECOND / 2)).isZero();
    }

    @Test
    void idleTimeEarnsAtMostOneBurst() {
        TokenBucket bucket = new TokenBucket(1000, 0);
        assertThat(bucket.waitNanos(100 * SECOND)).isZero();
        bucket.take(50 + 1000);
        // 50 bytes of burst were saved up, not 100 seconds' worth: the other 1000 bytes take a second
        assertThat(bucket.waitNanos(100 * SECOND)).isEqualTo(SECOND);
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> new TokenBucket(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
