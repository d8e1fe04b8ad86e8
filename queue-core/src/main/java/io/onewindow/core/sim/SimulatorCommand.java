package io.onewindow.core.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The command-line modes {@code simulate --config FILE} and {@code plan --config FILE}: the result as JSON on
 * standard output, errors on standard error. Stateless; each call is confined to its thread.
 *
 * <p>Exit codes: 0 done; 2 bad usage or a bad config (the message names the field); 1 anything else.
 */
public final class SimulatorCommand {

    public static final String USAGE = """
            usage: simulate --config FILE   run the simulator (see API.md, "Simulator"); the report on stdout
                   plan --config FILE       the fewest windows per hour that meet a wait target; the plan on stdout
            """;

    private SimulatorCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Whether the launcher should hand these arguments to {@link #run}. */
    public static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("simulate") || args[0].equals("plan"));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !handles(args)) {
            err.print(USAGE);
            return 2;
        }
        String mode = args[0];
        Path config = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else if (a.startsWith("--config=")) {
                config = Path.of(a.substring("--config=".length()));
            } else if (a.equals("--help") || a.equals("-h")) {
                out.print(USAGE);
                return 0;
            } else {
                err.println(mode + ": unknown argument \"" + a + "\"");
                err.print(USAGE);
                return 2;
            }
        }
        if (config == null) {
            err.println(mode + ": --config FILE is required");
            err.print(USAGE);
            return 2;
        }
        try {
            String text = Files.readString(config);
            JsonNode result;
            long started = System.nanoTime();
            if (mode.equals("simulate")) {
                result = new Simulator().run(SimulationConfig.parse(text)).toJson();
            } else {
                result = new CapacityPlanner().plan(PlannerConfig.parse(text)).toJson();
            }
            out.println(ConfigFields.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            out.flush();
            err.printf("%s: done in %.1f s%n", mode, (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (InvalidSimulationConfigException e) {
            err.println(mode + ": bad config " + config + ": " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println(mode + ": no such file: " + config);
            return 2;
        } catch (JsonProcessingException e) {
            err.println(mode + ": cannot write the result: " + e.getOriginalMessage());
            return 1;
        } catch (IOException e) {
            err.println(mode + ": cannot read " + config + ": " + e.getMessage());
            return 2;
        }
    }
}
