package io.slotkv.command;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of the command table: everything the server needs to know about a command besides its code.
 *
 * @param name lower-case name; for a subcommand "parent|sub"
 * @param arity Redis's convention: {@code n} exactly n arguments (name included), {@code -n} at least n
 * @param flags see {@link CommandFlag}
 * @param keys where the keys are
 * @param group Redis's documentation group ("string", "list", "server", ...), also its ACL category
 * @param summary one line for COMMAND DOCS
 * @param since Redis version that introduced it, for COMMAND DOCS
 * @param handler the code, {@code null} for a container of subcommands
 * @param subcommands by lower-case subcommand name; empty for a plain command
 */
public record CommandSpec(
        String name,
        int arity,
        Set<CommandFlag> flags,
        KeySpec keys,
        String group,
        String summary,
        String since,
        CommandHandler handler,
        Map<String, CommandSpec> subcommands) {

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }

    /** Whether {@code argc} arguments (name included) satisfy the arity. */
    public boolean arityAccepts(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /** Flags as COMMAND INFO lists them, with "movablekeys" derived from the key spec. */
    public List<String> flagNames() {
        EnumSet<CommandFlag> all = flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class) : EnumSet.copyOf(flags);
        if (keys.movable()) {
            all.add(CommandFlag.MOVABLEKEYS);
        }
        return all.stream().map(CommandFlag::redisName).toList();
    }

    /** ACL categories as COMMAND INFO lists them, derived from the group and flags. */
    public List<String> categories() {
        List<String> categories = new java.util.ArrayList<>();
        switch (group) {
            case "generic" -> categories.add("@keyspace");
            case "sorted-set" -> categories.add("@sortedset");
            case "transactions" -> categories.add("@transaction");
            case "server", "cluster" -> {}
            default -> categories.add("@" + group);
        }
        if (flags.contains(CommandFlag.WRITE)) {
            categories.add("@write");
        }
        if (flags.contains(CommandFlag.READONLY)) {
            categories.add("@read");
        }
        if (flags.contains(CommandFlag.ADMIN)) {
            categories.add("@admin");
            categories.add("@dangerous");
        }
        categories.add(flags.contains(CommandFlag.FAST) ? "@fast" : "@slow");
        if (flags.contains(CommandFlag.BLOCKING)) {
            categories.add("@blocking");
        }
        return categories;
    }
}
