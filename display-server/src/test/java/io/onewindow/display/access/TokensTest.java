package io.onewindow.display.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void shouldKnowATokenGivenInClearOrAsItsDigestAndNoOther() {
        Tokens tokens = Tokens.parse("""
                {"tokens":[{"token":"kiosk-token-0123456789","role":"kiosk"},
                           {"sha256":"%s","role":"window","window":"3","hall":"demo"}]}
                """.formatted(HexFormat.of().formatHex(Tokens.sha256("window-token-0123456789"))));

        AccessToken kiosk = tokens.authenticate("kiosk-token-0123456789");
        AccessToken window = tokens.authenticate("window-token-0123456789");

        assertThat(kiosk.role()).isEqualTo(Role.KIOSK);
        assertThat(kiosk.validIn("any")).isTrue();
        assertThat(window.role()).isEqualTo(Role.WINDOW);
        assertThat(window.window()).isEqualTo("3");
        assertThat(window.validIn("demo")).isTrue();
        assertThat(window.validIn("other")).isFalse();
        assertThat(tokens.authenticate("kiosk-token-012345678")).isNull();
        assertThat(tokens.authenticate(null)).isNull();
        assertThat(tokens.authenticate("")).isNull();
    }

    @Test
    void shouldNameTheFieldOfABadTokensFile() {
        assertThatThrownBy(() -> Tokens.parse(
                "{\"tokens\":[{\"token\":\"kiosk-token-0123456789\",\"role\":\"boss\"}]}"))
                .isInstanceOf(InvalidTokensException.class).hasMessageStartingWith("tokens[0].role:");
        assertThatThrownBy(() -> Tokens.parse("{\"tokens\":[{\"token\":\"short\",\"role\":\"kiosk\"}]}"))
                .hasMessageStartingWith("tokens[0].token:");
        assertThatThrownBy(() -> Tokens.parse(
                "{\"tokens\":[{\"token\":\"window-token-0123456789\",\"role\":\"window\"}]}"))
                .hasMessageStartingWith("tokens[0].window:");
        assertThatThrownBy(() -> Tokens.parse("{\"tokens\":[{\"sha256\":\"abc\",\"role\":\"kiosk\"}]}"))
                .hasMessageStartingWith("tokens[0].sha256:");
        assertThatThrownBy(() -> Tokens.parse("{\"tokens\":[{\"token\":\"kiosk-token-0123456789\",\"role\":\"kiosk\","
                + "\"colour\":\"red\"}]}")).hasMessageStartingWith("tokens[0].colour:");
        assertThatThrownBy(() -> Tokens.parse("{\"tokens\":")).hasMessageStartingWith("$:");
    }
}
