package io.onewindow.display.http;

import static io.onewindow.display.TestServer.GUIDE;
import static io.onewindow.display.TestServer.KIOSK;
import static io.onewindow.display.TestServer.MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.journal.FileJournal;
import io.onewindow.display.ServerConfig;
import io.onewindow.display.TestServer;
import io.onewindow.display.access.PhoneLinks;
import io.onewindow.display.store.Journals;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A citizen's phone link is given once, in the answer that prints the ticket; the hall keeps only its digest,
 * and a guide can give a ticket a new link when the old one is lost.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PhoneLinkTest {

    private static final String TICKETS = "/api/v1/halls/demo/tickets/";

    @Test
    void shouldGiveThePhoneLinkOnceAndKeepOnlyItsDigest(Vertx vertx, @TempDir Path dir) throws Exception {
        String token;
        long id;
        try (TestServer s = TestServer.start(vertx, dir)) {
            JsonObject issued = s.issue("A");
            assertThat(issued.getString("trackUrl")).as("the 201 that prints it").matches("/t/[A-Za-z0-9_-]{22}");
            token = issued.getString("trackUrl").substring(3);
            id = issued.getLong("id");

            for (String role : new String[] {KIOSK, GUIDE, MANAGER}) {
                JsonObject read = s.get(TICKETS + id, role).bodyAsJsonObject();
                assertThat(read.getString("number")).isEqualTo("A001");
                assertThat(read.containsKey("trackUrl")).as("a later read does not give the link away").isFalse();
            }
            HttpResponse<Buffer> byLink = s.get(TICKETS + id + "?token=" + token, null);
            assertThat(byLink.statusCode()).isEqualTo(200);
            assertThat(byLink.bodyAsJsonObject().containsKey("trackUrl")).isFalse();
        }

        String journal = Files.readString(FileJournal.path(dir, "demo"), StandardCharsets.ISO_8859_1);
        assertThat(journal).as("the journal keeps no link in clear").doesNotContain(token)
                .contains(PhoneLinks.digest(token));
        try (TestServer restarted = TestServer.start(vertx, dir, Journals.embedded(), ServerConfig.embedded(dir))) {
            assertThat(restarted.get(TICKETS + id + "?token=" + token, null).statusCode())
                    .as("the link still opens the ticket after a restart").isEqualTo(200);
        }
    }

    @Test
    void shouldLetAGuideGiveANewLinkThatReplacesTheLostOne(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestServer s = TestServer.start(vertx, dir)) {
            JsonObject issued = s.issue("A");
            long id = issued.getLong("id");
            String lost = issued.getString("trackUrl").substring(3);

            assertThat(s.post(TICKETS + id + "/link", KIOSK).statusCode()).as("a kiosk may not").isEqualTo(403);
            HttpResponse<Buffer> renewed = s.post(TICKETS + id + "/link", GUIDE);

            assertThat(renewed.statusCode()).as(renewed.bodyAsString()).isEqualTo(200);
            String fresh = renewed.bodyAsJsonObject().getString("trackUrl").substring(3);
            assertThat(fresh).isNotEqualTo(lost);
            assertThat(renewed.bodyAsJsonObject().getString("number")).isEqualTo("A001");
            assertThat(s.get(TICKETS + id + "?token=" + lost, null).statusCode()).as("the old link").isEqualTo(401);
            assertThat(s.get(TICKETS + id + "?token=" + fresh, null).statusCode()).isEqualTo(200);
            assertThat(s.delete(TICKETS + id + "?token=" + lost, null).statusCode()).isEqualTo(401);
        }
        try (TestServer restarted = TestServer.start(vertx, dir, Journals.embedded(), ServerConfig.embedded(dir))) {
            JsonObject again = restarted.get(TICKETS + "1", GUIDE).bodyAsJsonObject();
            assertThat(again.getString("state")).isEqualTo("WAITING");
        }
    }
}
