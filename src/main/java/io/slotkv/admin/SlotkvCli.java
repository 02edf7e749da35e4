package io.slotkv.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/slotkv}: dispatches to the subcommands. */
@Command(
        name = "slotkv",
        mixinStandardHelpOptions = true,
        version = "slotkv " + io.slotkv.server.Version.VERSION,
        description = "Runs and administers slotkv servers.",
        subcommands = {DemoCommand.class, MoveSlotsCommand.class})
public final class SlotkvCli {
    private SlotkvCli() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new SlotkvCli()).execute(args));
    }
}
