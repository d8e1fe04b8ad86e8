package io.onewindow.display;

import io.onewindow.core.sim.SimulatorCommand;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The launcher's {@code simulate} and {@code plan} subcommands: thin picocli shells over
 * {@link SimulatorCommand}, which reads the config, runs the simulator or the planner, prints the JSON result on
 * standard output and errors on standard error. Exit code 0 done, 2 bad config or usage, 1 otherwise.
 */
public final class SimulatorCommands {

    private SimulatorCommands() {
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "Runs the simulator (API.md, \"Simulator\") and prints its report as JSON.")
    public static final class Simulate implements Callable<Integer> {

        @Option(names = "--config", paramLabel = "FILE", required = true,
                description = "the simulator config: hall, arrivals, service, hours, runs, seed")
        Path config;

        @Override
        public Integer call() {
            return SimulatorCommands.run("simulate", config);
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Finds the fewest open windows per hour that meet a wait target; prints the plan as JSON.")
    public static final class Plan implements Callable<Integer> {

        @Option(names = "--config", paramLabel = "FILE", required = true,
                description = "the planner config: hall, arrivalProfile, service, target, openOrder, runs, seed")
        Path config;

        @Override
        public Integer call() {
            return SimulatorCommands.run("plan", config);
        }
    }

    private static int run(String mode, Path config) {
        return SimulatorCommand.run(new String[] {mode, "--config", config.toString()},
                new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8));
    }
}
