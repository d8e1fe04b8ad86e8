package io.onewindow.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/** The hall server runs on Netty's native epoll transport where the platform has it. */
class NativeTransportTest {

    @Test
    void shouldUseTheNativeEpollTransportOnLinuxX8664() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64"), "epoll ships for Linux x86-64 only");
        Vertx vertx = ServerMeters.vertx(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        try {
            assertThat(vertx.unavailableNativeTransportCause()).isNull();
            assertThat(vertx.isNativeTransportEnabled()).isTrue();
        } finally {
            vertx.close();
        }
    }
}
