/**
 * Commands: the one declarative {@link io.slotkv.command.CommandTable} (name, arity, flags, key positions,
 * categories) and the command implementations, one class per family ({@code StringCommands},
 * {@code ListCommands}, ...). Dispatch, arity errors, key extraction and the COMMAND command all derive from the
 * table.
 *
 * <p>Thread ownership: a command runs on the shard thread that owns the slots of its keys and runs to completion
 * there; nothing else touches those keys meanwhile. Command classes are stateless.
 */
package io.slotkv.command;
