package io.slotkv.command;

/** The reply of every "X HELP" subcommand, in Redis's shape: a header line, the given lines, then HELP's own. */
final class Help {
    private Help() {}

    static void reply(Call call, String command, String... lines) {
        call.reply().array(lines.length + 3);
        call.reply().simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            call.reply().simple(line);
        }
        call.reply().simple("HELP");
        call.reply().simple("    Prints this help.");
    }
}
