package io.slotkv.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** inet_pton/inet_ntop as glibc does them: what CLUSTER MEET accepts and how CLUSTER NODES prints it. */
class IpAddressTest {
    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 127.0.0.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "0:0::1, ::1",
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
        "::ffff:127.0.0.1, ::ffff:127.0.0.1",
        "::ffff:7f00:1, ::ffff:127.0.0.1",
        "::1.2.3.4, ::1.2.3.4",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
        "::0:1:0:0, ::1:0:0",
    })
    void normalizes(String text, String canonical) {
        assertThat(IpAddress.normalize(text)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "1.2.3.4 ", "localhost",
        "1::2::3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::", "g::", "1.2.3.4::", "::1.2.3",
        "1:2:3:4:5:6:7:1.2.3.4", "::ffff:1.2.3.256", "[::1]", "::1%eth0"})
    void refuses(String text) {
        assertThat(IpAddress.normalize(text)).isNull();
    }
}
