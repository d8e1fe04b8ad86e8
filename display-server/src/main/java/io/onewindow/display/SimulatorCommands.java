package io.onewindow.display;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.onewindow.core.sim.CapacityPlanner;
import io.onewindow.core.sim.InvalidSimulationConfigException;
import io.onewindow.core.sim.PlannerConfig;
import io.onewindow.core.sim.SimulationConfig;
import io.onewindow.core.sim.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The launcher's {@code simulate} and {@code plan} subcommands: each reads its config, calls the core's
 * {@link Simulator} or {@link CapacityPlanner}, prints the JSON result on standard output and what went wrong on
 * standard error. Exit code 0 done, 2 bad usage or a bad config (the message names the field), 1 otherwise.
 *
 * <pre>
 *  onewindow simulate --config sim.json  ─▶ SimulationConfig.read ─▶ Simulator.run       ─▶ report JSON
 *  onewindow plan --config plan.json     ─▶ PlannerConfig.read    ─▶ CapacityPlanner.plan ─▶ plan JSON
 * </pre>
 */
public final class SimulatorCommands {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulatorCommands() {
    }

    /** What a subcommand computes from its config file. */
    @FunctionalInterface
    private interface Run {
        JsonNode result(Path config) throws IOException;
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "Runs the simulator (API.md, \"Simulator\") and prints its report as JSON.")
    public static final class Simulate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", required = true,
                description = "the simulator config: hall, arrivals, service, hours, runs, seed")
        Path config;

        @Override
        public Integer call() {
            return SimulatorCommands.run(spec, config, file -> new Simulator().run(SimulationConfig.read(file))
                    .toJson());
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Finds the fewest open windows per hour that meet a wait target; prints the plan as JSON.")
    public static final class Plan implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", required = true,
                description = "the planner config: hall, arrivalProfile, service, target, openOrder, runs, seed")
        Path config;

        @Override
        public Integer call() {
            return SimulatorCommands.run(spec, config, file -> new CapacityPlanner().plan(PlannerConfig.read(file))
                    .toJson());
        }
    }

    private static int run(CommandSpec spec, Path config, Run run) {
        String mode = spec.name();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            long started = System.nanoTime();
            JsonNode result = run.result(config);
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            out.flush();
            err.printf("%s: done in %.1f s%n", mode, (System.nanoTime() - started) / 1e9);
            err.flush();
            return 0;
        } catch (InvalidSimulationConfigException e) {
            return fail(err, mode + ": bad config " + config + ": " + e.getMessage(), 2);
        } catch (NoSuchFileException e) {
            return fail(err, mode + ": no such file: " + config, 2);
        } catch (JsonProcessingException e) {
            return fail(err, mode + ": cannot write the result: " + e.getOriginalMessage(), 1);
        } catch (IOException e) {
            return fail(err, mode + ": cannot read " + config + ": " + e.getMessage(), 2);
        }
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println(message);
        err.flush();
        return code;
    }
}
