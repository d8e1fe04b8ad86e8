package io.onewindow.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What someone starting the server with a wrong option or hall file reads. */
class MainTest {

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cl.execute(args);
        return new Run(exit, err.toString());
    }

    @Test
    void shouldRefuseAnUnknownOptionWithoutAStackTrace() {
        Run r = run("--colour", "red");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown options: '--colour'").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void shouldRefuseAPortOutOfRange() {
        Run r = run("--port", "70000");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--port: must be from 0 to 65535");
    }

    @Test
    void shouldRefuseAPublicUrlThatIsNotTheOriginOfAWebServer() {
        Run path = run("--public-url", "https://hall.example.gov.cn/onewindow");
        Run scheme = run("--public-url", "ftp://hall.example.gov.cn");
        Run broken = run("--public-url", "https://hall example");

        assertThat(path.exit()).isEqualTo(2);
        assertThat(path.err()).contains("--public-url: the server's origin only").doesNotContain("\tat ");
        assertThat(scheme.exit()).isEqualTo(2);
        assertThat(scheme.err()).contains("--public-url: must be an http or https address");
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err()).contains("--public-url: not a URL");
    }

    @Test
    void shouldRefuseAPortThatIsNotANumber() {
        Run r = run("--port", "eighty");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--port").doesNotContain("\tat ");
    }

    @Test
    void shouldNameTheFieldOfABadHallFile(@TempDir Path dir) throws Exception {
        Path hall = dir.resolve("hall.json");
        Files.writeString(hall, """
                {"id":"h1","name":"大厅","categories":[{"code":"A","name":"户籍","prefix":"A"}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["Q"]}]}
                """);

        Run r = run("--data", dir.resolve("data").toString(), "--hall", hall.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("hall.json: windows[0].primary[0]: unknown category \"Q\"")
                .doesNotContain("\tat ");
    }

    @Test
    void shouldNameTheFieldOfABadYamlHallFile(@TempDir Path dir) throws Exception {
        Path hall = dir.resolve("hall.yaml");
        Files.writeString(hall, """
                id: h1
                name: 大厅
                recallLimit: -1
                categories:
                  - {code: A, name: 户籍, prefix: A}
                windows:
                  - {id: "1", name: 1号窗口, primary: ["*"]}
                """);

        Run r = run("--data", dir.resolve("data").toString(), "--hall", hall.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("hall.yaml: recallLimit: must be a whole number from 0 to 100");
    }

    @Test
    void shouldSayWhenAHallFileIsMissing(@TempDir Path dir) {
        Run r = run("--data", dir.toString(), "--hall", dir.resolve("nope.json").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nope.json: no such file");
    }
}
