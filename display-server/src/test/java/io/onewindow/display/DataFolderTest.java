package io.onewindow.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {

    @TempDir
    Path tmp;

    @Test
    void shouldKeepTheDataFolderAndItsSaltReadableByTheOwnerOnly() throws Exception {
        Path root = tmp.resolve("data");
        Files.createDirectories(root,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        DataFolder folder = new DataFolder(root);

        folder.prepare();
        folder.salt();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("salt.key"))))
                .isEqualTo("rw-------");
    }
}
