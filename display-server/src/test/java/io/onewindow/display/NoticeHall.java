package io.onewindow.display;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.onewindow.core.IdNumbers;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What the notice tests run against: a hall with appointments whose local time is 12:10 now, its tokens, and a
 * data folder whose outbox is {@code /dev/full}, so that every notice written fails as on a full disk (the test is
 * skipped where there is no {@code /dev/full}).
 *
 * @param tokens the token file
 * @param hall   the hall definition
 * @param data   the data folder
 * @param outbox the outbox, a link to {@code /dev/full} until the test replaces it
 * @param zone   the hall's time zone
 */
record NoticeHall(Path tokens, Path hall, Path data, Path outbox, ZoneOffset zone) {

    static NoticeHall onAFullDisk(Path dir) throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "a full disk is played by /dev/full (Linux)");
        Path tokens = dir.resolve("tokens.json");
        Files.writeString(tokens, TestServer.TOKENS);
        ZoneOffset zone = zoneWhereItIs(LocalTime.of(12, 10));
        Path hall = dir.resolve("hall.json");
        Files.writeString(hall, """
                {"id":"demo","name":"通知测试大厅","timezone":"%s","open":"06:00","close":"20:00",
                 "categories":[{"code":"A","name":"户籍","prefix":"A"},{"code":"B","name":"出入境","prefix":"B"}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["*"]},{"id":"2","name":"2号窗口","primary":["B"]}],
                 "appointments":{"perSlot":{"A":4},"bookUntilMinutes":0,"checkInEarlyMinutes":120,
                                 "cancelUntilMinutes":0,"daysAhead":3}}
                """.formatted(zone.getId()));
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path outbox = data.resolve("outbox.jsonl");
        Files.createSymbolicLink(outbox, full);
        return new NoticeHall(tokens, hall, data, outbox, zone);
    }

    /** The body of a booking of matter A at {@code start} (local) for person {@code person}, phone given. */
    static JsonObject booking(String start, int person) {
        return new JsonObject().put("category", "A").put("start", start)
                .put("idNumber", IdNumbers.withCheck("33010619850314%03d".formatted(person)))
                .put("phone", "13912345678");
    }

    /** The notices in an outbox file, one JSON object a line. */
    static List<JsonObject> notices(Path outbox) throws IOException {
        return Files.readAllLines(outbox, StandardCharsets.UTF_8).stream().map(JsonObject::new).toList();
    }

    /** The fixed offset at which the local time is {@code localNow} now. */
    private static ZoneOffset zoneWhereItIs(LocalTime localNow) {
        LocalTime utc = LocalTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        int offset = localNow.toSecondOfDay() - utc.toSecondOfDay();
        return ZoneOffset.ofTotalSeconds(Math.floorMod(offset + 12 * 3600, 24 * 3600) - 12 * 3600);
    }
}
