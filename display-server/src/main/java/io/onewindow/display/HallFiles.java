package io.onewindow.display;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.InvalidHallDefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Hall files, the one place they are read: JSON, or YAML as {@code .yaml} / {@code .yml}, both into the core's
 * {@link HallDefinitions#fromJson} with the same field checks. Immutable (static); blocking file reads.
 */
public final class HallFiles {

    private HallFiles() {
    }

    /** Reads a hall file; a problem is a {@link ConfigException} naming the file and the field. */
    public static HallDefinition read(Path file) {
        try {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return readYamlHall(file);
            }
            return HallDefinitions.read(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("--hall " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("--hall " + file + ": cannot be read (" + e.getMessage() + ")");
        } catch (InvalidHallDefinitionException e) {
            throw new ConfigException("--hall " + file + ": " + e.getMessage());
        }
    }

    /** A YAML hall file: the same fields as the JSON one, checked by the same code. */
    private static HallDefinition readYamlHall(Path file) throws IOException {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ConfigException("--hall " + file + ": $: not valid YAML: " + e.getOriginalMessage());
        }
        return HallDefinitions.fromJson(root);
    }
}
