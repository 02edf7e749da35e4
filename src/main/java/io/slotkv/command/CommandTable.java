package io.slotkv.command;

import static io.slotkv.command.KeySpec.NONE;
import static io.slotkv.command.KeySpec.numkeys;
import static io.slotkv.command.KeySpec.range;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one table of every command slotkv serves. Each row gives the name, Redis's arity, flags (space-separated
 * {@link CommandFlag} names), key positions, documentation group, summary, first Redis version, and the method
 * that implements it. Dispatch, arity errors, key extraction (hence slot routing) and the COMMAND command are all
 * derived from these rows; nothing else lists commands.
 *
 * <p>Rows are grouped as Redis's documentation groups them; the implementing class is named after the group
 * ({@code hset} lives in {@link HashCommands}).
 */
public final class CommandTable {
    private final Map<String, CommandSpec> commands = new LinkedHashMap<>();
    private final NameIndex index;

    public CommandTable() {
        connection();
        server();
        generic();
        strings();
        hashes();
        lists();
        sets();
        sortedSets();
        transactions();
        cluster();
        slotMigration();
        index = new NameIndex(commands);
    }

    private void connection() {
        add(cmd("ping", -1, "fast", NONE, "connection", "Returns the server's liveliness response.", "1.0.0",
                ConnectionCommands::ping));
        add(cmd("echo", 2, "loading stale fast", NONE, "connection", "Returns the given string.", "1.0.0",
                ConnectionCommands::echo));
        add(cmd("hello", -1, "noscript loading stale fast no_auth allow_busy", NONE, "connection",
                "Handshakes with the server.", "6.0.0", ConnectionCommands::hello));
        add(cmd("auth", -2, "noscript loading stale fast no_auth allow_busy", NONE, "connection",
                "Authenticates the connection.", "1.0.0", ConnectionCommands::auth));
        add(cmd("select", 2, "loading stale fast", NONE, "connection", "Changes the selected database.", "1.0.0",
                ConnectionCommands::select));
        add(cmd("quit", -1, "allow_busy noscript loading stale fast no_auth", NONE, "connection",
                "Closes the connection.", "1.0.0", ConnectionCommands::quit));
        add(cmd("reset", 1, "noscript loading stale fast no_auth allow_busy", NONE, "connection",
                "Resets the connection.", "6.2.0", ConnectionCommands::reset));
        add(container("client", "connection", "A container for client connection commands.", "2.4.0",
                cmd("client|id", 2, "noscript loading stale", NONE, "connection",
                        "Returns the unique client ID of the connection.", "5.0.0", ClientCommands::id),
                cmd("client|setname", 3, "noscript loading stale", NONE, "connection",
                        "Sets the connection name.", "2.6.9", ClientCommands::setName),
                cmd("client|getname", 2, "noscript loading stale", NONE, "connection",
                        "Returns the name of the connection.", "2.6.9", ClientCommands::getName),
                cmd("client|list", -2, "admin noscript loading stale", NONE, "connection",
                        "Lists open connections.", "2.4.0", ClientCommands::list),
                cmd("client|info", 2, "noscript loading stale", NONE, "connection",
                        "Returns information about the connection.", "6.2.0", ClientCommands::info),
                cmd("client|kill", -3, "admin noscript loading stale", NONE, "connection",
                        "Terminates open connections.", "2.4.0", ClientCommands::kill),
                cmd("client|help", 2, "loading stale", NONE, "connection", "Returns helpful text about the "
                        + "different subcommands.", "5.0.0", ClientCommands::help)));
    }

    private void server() {
        add(cmd("info", -1, "loading stale", NONE, "server", "Returns information and statistics about the server.",
                "1.0.0", ServerCommands::info));
        add(cmd("dbsize", 1, "readonly fast", NONE, "server", "Returns the number of keys in the database.",
                "1.0.0", ServerCommands::dbsize));
        add(cmd("flushdb", -1, "write", NONE, "server", "Removes all keys from the current database.", "1.0.0",
                ServerCommands::flushdb));
        add(cmd("flushall", -1, "write", NONE, "server", "Removes all keys from all databases.", "1.0.0",
                ServerCommands::flushall));
        add(cmd("time", 1, "loading stale fast", NONE, "server", "Returns the server time.", "2.6.0",
                ServerCommands::time));
        add(cmd("shutdown", -1, "admin noscript loading stale no_multi allow_busy", NONE, "server",
                "Synchronously saves the database(s) to disk and shuts down the server.", "1.0.0",
                ServerCommands::shutdown));
        add(cmd("debug", -2, "admin noscript loading stale", NONE, "server", "A container for debugging commands.",
                "1.0.0", ServerCommands::debug));
        add(cmd("monitor", 1, "admin noscript loading stale", NONE, "server",
                "Listens for all requests received by the server in real-time.", "1.0.0", ServerCommands::monitor));
        add(container("config", "server", "A container for server configuration commands.", "2.0.0",
                cmd("config|get", -3, "admin noscript loading stale", NONE, "server",
                        "Returns the effective values of configuration parameters.", "2.0.0", ConfigCommands::get),
                cmd("config|set", -4, "admin noscript loading stale", NONE, "server",
                        "Sets configuration parameters in-flight.", "2.0.0", ConfigCommands::set),
                cmd("config|resetstat", 2, "admin noscript loading stale", NONE, "server",
                        "Resets the server's statistics.", "2.0.0", ConfigCommands::resetStat),
                cmd("config|help", 2, "loading stale", NONE, "server",
                        "Returns helpful text about the different subcommands.", "5.0.0", ConfigCommands::help)));
        add(new CommandSpec("command", -1, flags("loading stale"), NONE, "server",
                "Returns detailed information about all commands.", "2.8.13", CommandCommands::all, subs(
                cmd("command|count", 2, "loading stale", NONE, "server",
                        "Returns a count of commands.", "2.8.13", CommandCommands::count),
                cmd("command|info", -2, "loading stale", NONE, "server",
                        "Returns information about one, multiple or all commands.", "2.8.13", CommandCommands::info),
                cmd("command|docs", -2, "loading stale", NONE, "server",
                        "Returns documentary information about one, multiple or all commands.", "7.0.0",
                        CommandCommands::docs),
                cmd("command|getkeys", -4, "loading stale", NONE, "server",
                        "Extracts the key names from an arbitrary command.", "2.8.13", CommandCommands::getKeys),
                cmd("command|list", -2, "loading stale", NONE, "server", "Returns a list of command names.",
                        "7.0.0", CommandCommands::list),
                cmd("command|help", 2, "loading stale", NONE, "server",
                        "Returns helpful text about the different subcommands.", "5.0.0", CommandCommands::help))));
    }

    private void generic() {
        KeySpec all = range(1, -1, 1);
        KeySpec one = range(1, 1, 1);
        KeySpec two = range(1, 2, 1);
        add(cmd("del", -2, "write", all, "generic", "Deletes one or more keys.", "1.0.0", KeyCommands::del));
        add(cmd("unlink", -2, "write fast", all, "generic", "Asynchronously deletes one or more keys.", "4.0.0",
                KeyCommands::del));
        add(cmd("exists", -2, "readonly fast", all, "generic", "Determines whether one or more keys exist.",
                "1.0.0", KeyCommands::exists));
        add(cmd("type", 2, "readonly fast", one, "generic", "Determines the type of value stored at a key.",
                "1.0.0", KeyCommands::type));
        add(cmd("rename", 3, "write", two, "generic", "Renames a key and overwrites the destination.", "1.0.0",
                KeyCommands::rename));
        add(cmd("renamenx", 3, "write fast", two, "generic", "Renames a key only when the target key name doesn't "
                + "exist.", "1.0.0", KeyCommands::renamenx));
        add(cmd("copy", -3, "write denyoom", two, "generic", "Copies the value of a key to a new key.", "6.2.0",
                KeyCommands::copy));
        add(cmd("expire", -3, "write fast", one, "generic", "Sets the expiration time of a key in seconds.",
                "1.0.0", KeyCommands::expire));
        add(cmd("pexpire", -3, "write fast", one, "generic", "Sets the expiration time of a key in milliseconds.",
                "2.6.0", KeyCommands::pexpire));
        add(cmd("expireat", -3, "write fast", one, "generic", "Sets the expiration time of a key to a Unix "
                + "timestamp.", "1.2.0", KeyCommands::expireat));
        add(cmd("pexpireat", -3, "write fast", one, "generic", "Sets the expiration time of a key to a Unix "
                + "milliseconds timestamp.", "2.6.0", KeyCommands::pexpireat));
        add(cmd("ttl", 2, "readonly fast", one, "generic", "Returns the expiration time in seconds of a key.",
                "1.0.0", KeyCommands::ttl));
        add(cmd("pttl", 2, "readonly fast", one, "generic", "Returns the expiration time in milliseconds of a key.",
                "2.6.0", KeyCommands::pttl));
        add(cmd("expiretime", 2, "readonly fast", one, "generic", "Returns the expiration time of a key as a Unix "
                + "timestamp.", "7.0.0", KeyCommands::expiretime));
        add(cmd("pexpiretime", 2, "readonly fast", one, "generic", "Returns the expiration time of a key as a Unix "
                + "milliseconds timestamp.", "7.0.0", KeyCommands::pexpiretime));
        add(cmd("persist", 2, "write fast", one, "generic", "Removes the expiration time of a key.", "2.2.0",
                KeyCommands::persist));
        add(cmd("keys", 2, "readonly", NONE, "generic", "Returns all key names that match a pattern.", "1.0.0",
                KeyCommands::keys));
        add(cmd("scan", -2, "readonly", NONE, "generic", "Iterates over the key names in the database.", "2.8.0",
                KeyCommands::scan));
        add(cmd("randomkey", 1, "readonly", NONE, "generic", "Returns a random key name from the database.",
                "1.0.0", KeyCommands::randomkey));
        add(cmd("touch", -2, "readonly fast", all, "generic", "Returns the number of existing keys out of those "
                + "specified after updating the time they were last accessed.", "3.2.1", KeyCommands::touch));
        add(cmd("dump", 2, "readonly", one, "generic",
                "Returns a serialized representation of the value stored at a key.", "2.6.0", DumpCommands::dump));
        add(cmd("restore", -4, "write denyoom", one, "generic",
                "Creates a key from the serialized representation of a value.", "2.6.0", DumpCommands::restore));
        add(cmd("restore-asking", -4, "write denyoom asking", one, "server",
                "An internal command for migrating keys in a cluster.", "3.0.0", DumpCommands::restore));
        add(cmd("migrate", -6, "write no_multi", KeySpec.keysAfterKeyword(3, 6), "generic",
                "Atomically transfers a key from one Redis instance to another.", "2.6.0",
                MigrateCommands::migrate));
        KeySpec second = range(2, 2, 1);
        add(container("object", "generic", "A container for object introspection commands.", "2.2.3",
                cmd("object|encoding", 3, "readonly", second, "generic",
                        "Returns the internal encoding of a Redis object.", "2.2.3", KeyCommands::objectEncoding),
                cmd("object|idletime", 3, "readonly", second, "generic",
                        "Returns the time since the last access to a Redis object.", "2.2.3",
                        KeyCommands::objectIdletime),
                cmd("object|freq", 3, "readonly", second, "generic",
                        "Returns the logarithmic access frequency counter of a Redis object.", "4.0.0",
                        KeyCommands::objectFreq),
                cmd("object|refcount", 3, "readonly", second, "generic",
                        "Returns the reference count of a value of a key.", "2.2.3", KeyCommands::objectRefcount),
                cmd("object|help", 2, "loading stale", NONE, "generic",
                        "Returns helpful text about the different subcommands.", "6.2.0", KeyCommands::objectHelp)));
    }

    private void strings() {
        KeySpec one = range(1, 1, 1);
        add(cmd("get", 2, "readonly fast", one, "string", "Returns the string value of a key.", "1.0.0",
                StringCommands::get));
        add(cmd("set", -3, "write denyoom", one, "string", "Sets the string value of a key, ignoring its type. "
                + "The key is created if it doesn't exist.", "1.0.0", StringCommands::set));
        add(cmd("setnx", 3, "write denyoom fast", one, "string", "Set the string value of a key only when the key "
                + "doesn't exist.", "1.0.0", StringCommands::setnx));
        add(cmd("setex", 4, "write denyoom", one, "string", "Sets the string value and expiration time of a key. "
                + "Creates the key if it doesn't exist.", "2.0.0", StringCommands::setex));
        add(cmd("psetex", 4, "write denyoom", one, "string", "Sets both string value and expiration time in "
                + "milliseconds of a key. The key is created if it doesn't exist.", "2.6.0", StringCommands::psetex));
        add(cmd("getset", 3, "write denyoom fast", one, "string", "Returns the previous string value of a key after "
                + "setting it to a new value.", "1.0.0", StringCommands::getset));
        add(cmd("getdel", 2, "write fast", one, "string", "Returns the string value of a key after deleting the "
                + "key.", "6.2.0", StringCommands::getdel));
        add(cmd("getex", -2, "write fast", one, "string", "Returns the string value of a key after setting its "
                + "expiration time.", "6.2.0", StringCommands::getex));
        add(cmd("mget", -2, "readonly fast", range(1, -1, 1), "string", "Atomically returns the string values of "
                + "one or more keys.", "1.0.0", StringCommands::mget));
        add(cmd("mset", -3, "write denyoom", range(1, -1, 2), "string", "Atomically creates or modifies the string "
                + "values of one or more keys.", "1.0.1", StringCommands::mset));
        add(cmd("msetnx", -3, "write denyoom", range(1, -1, 2), "string", "Atomically modifies the string values "
                + "of one or more keys only when all keys don't exist.", "1.0.1", StringCommands::msetnx));
        add(cmd("incr", 2, "write denyoom fast", one, "string", "Increments the integer value of a key by one. "
                + "Uses 0 as initial value if the key doesn't exist.", "1.0.0", StringCommands::incr));
        add(cmd("decr", 2, "write denyoom fast", one, "string", "Decrements the integer value of a key by one. "
                + "Uses 0 as initial value if the key doesn't exist.", "1.0.0", StringCommands::decr));
        add(cmd("incrby", 3, "write denyoom fast", one, "string", "Increments the integer value of a key by a "
                + "number. Uses 0 as initial value if the key doesn't exist.", "1.0.0", StringCommands::incrby));
        add(cmd("decrby", 3, "write denyoom fast", one, "string", "Decrements a number from the integer value of a "
                + "key. Uses 0 as initial value if the key doesn't exist.", "1.0.0", StringCommands::decrby));
        add(cmd("incrbyfloat", 3, "write denyoom fast", one, "string", "Increment the floating point value of a "
                + "key by a number. Uses 0 as initial value if the key doesn't exist.", "2.6.0",
                StringCommands::incrbyfloat));
        add(cmd("append", 3, "write denyoom fast", one, "string", "Appends a string to the value of a key. Creates "
                + "the key if it doesn't exist.", "2.0.0", StringCommands::append));
        add(cmd("strlen", 2, "readonly fast", one, "string", "Returns the length of a string value.", "2.2.0",
                StringCommands::strlen));
        add(cmd("getrange", 4, "readonly", one, "string", "Returns a substring of the string stored at a key.",
                "2.4.0", StringCommands::getrange));
        add(cmd("setrange", 4, "write denyoom", one, "string", "Overwrites a part of a string value with another "
                + "by an offset. Creates the key if it doesn't exist.", "2.2.0", StringCommands::setrange));
        add(cmd("setbit", 4, "write denyoom", one, "bitmap", "Sets or clears the bit at offset of the string value. "
                + "Creates the key if it doesn't exist.", "2.2.0", BitmapCommands::setbit));
        add(cmd("getbit", 3, "readonly fast", one, "bitmap", "Returns a bit value by offset.", "2.2.0",
                BitmapCommands::getbit));
        add(cmd("bitcount", -2, "readonly", one, "bitmap", "Counts the number of set bits (population counting) in "
                + "a string.", "2.6.0", BitmapCommands::bitcount));
        add(cmd("bitpos", -3, "readonly", one, "bitmap", "Finds the first set (1) or clear (0) bit in a string.",
                "2.8.7", BitmapCommands::bitpos));
    }

    private void hashes() {
        KeySpec one = range(1, 1, 1);
        add(cmd("hset", -4, "write denyoom fast", one, "hash", "Creates or modifies the value of a field in a "
                + "hash.", "2.0.0", HashCommands::hset));
        add(cmd("hsetnx", 4, "write denyoom fast", one, "hash", "Sets the value of a field in a hash only when the "
                + "field doesn't exist.", "2.0.0", HashCommands::hsetnx));
        add(cmd("hget", 3, "readonly fast", one, "hash", "Returns the value of a field in a hash.", "2.0.0",
                HashCommands::hget));
        add(cmd("hmset", -4, "write denyoom fast", one, "hash", "Sets the values of multiple fields.", "2.0.0",
                HashCommands::hmset));
        add(cmd("hmget", -3, "readonly fast", one, "hash", "Returns the values of all fields in a hash.", "2.0.0",
                HashCommands::hmget));
        add(cmd("hdel", -3, "write fast", one, "hash", "Deletes one or more fields and their values from a hash. "
                + "Deletes the hash if no fields remain.", "2.0.0", HashCommands::hdel));
        add(cmd("hlen", 2, "readonly fast", one, "hash", "Returns the number of fields in a hash.", "2.0.0",
                HashCommands::hlen));
        add(cmd("hstrlen", 3, "readonly fast", one, "hash", "Returns the length of the value of a field.", "3.2.0",
                HashCommands::hstrlen));
        add(cmd("hexists", 3, "readonly fast", one, "hash", "Determines whether a field exists in a hash.", "2.0.0",
                HashCommands::hexists));
        add(cmd("hkeys", 2, "readonly", one, "hash", "Returns all fields in a hash.", "2.0.0", HashCommands::hkeys));
        add(cmd("hvals", 2, "readonly", one, "hash", "Returns all values in a hash.", "2.0.0", HashCommands::hvals));
        add(cmd("hgetall", 2, "readonly", one, "hash", "Returns all fields and values in a hash.", "2.0.0",
                HashCommands::hgetall));
        add(cmd("hincrby", 4, "write denyoom fast", one, "hash", "Increments the integer value of a field in a hash "
                + "by a number. Uses 0 as initial value if the field doesn't exist.", "2.0.0", HashCommands::hincrby));
        add(cmd("hincrbyfloat", 4, "write denyoom fast", one, "hash", "Increments the floating point value of a "
                + "field by a number. Uses 0 as initial value if the field doesn't exist.", "2.6.0",
                HashCommands::hincrbyfloat));
        add(cmd("hscan", -3, "readonly", one, "hash", "Iterates over fields and values of a hash.", "2.8.0",
                HashCommands::hscan));
        add(cmd("hrandfield", -2, "readonly", one, "hash", "Returns one or more random fields from a hash.",
                "6.2.0", HashCommands::hrandfield));
    }

    private void lists() {
        KeySpec one = range(1, 1, 1);
        KeySpec two = range(1, 2, 1);
        add(cmd("lpush", -3, "write denyoom fast", one, "list", "Prepends one or more elements to a list. Creates "
                + "the key if it doesn't exist.", "1.0.0", ListCommands::lpush));
        add(cmd("rpush", -3, "write denyoom fast", one, "list", "Appends one or more elements to a list. Creates "
                + "the key if it doesn't exist.", "1.0.0", ListCommands::rpush));
        add(cmd("lpushx", -3, "write denyoom fast", one, "list", "Prepends one or more elements to a list only when "
                + "the list exists.", "2.2.0", ListCommands::lpushx));
        add(cmd("rpushx", -3, "write denyoom fast", one, "list", "Appends an element to a list only when the list "
                + "exists.", "2.2.0", ListCommands::rpushx));
        add(cmd("lpop", -2, "write fast", one, "list", "Returns the first elements in a list after removing it. "
                + "Deletes the list if the last element was popped.", "1.0.0", ListCommands::lpop));
        add(cmd("rpop", -2, "write fast", one, "list", "Returns and removes the last elements of a list. Deletes the "
                + "list if the last element was popped.", "1.0.0", ListCommands::rpop));
        add(cmd("llen", 2, "readonly fast", one, "list", "Returns the length of a list.", "1.0.0",
                ListCommands::llen));
        add(cmd("lrange", 4, "readonly", one, "list", "Returns a range of elements from a list.", "1.0.0",
                ListCommands::lrange));
        add(cmd("lindex", 3, "readonly", one, "list", "Returns an element from a list by its index.", "1.0.0",
                ListCommands::lindex));
        add(cmd("lset", 4, "write denyoom", one, "list", "Sets the value of an element in a list by its index.",
                "1.0.0", ListCommands::lset));
        add(cmd("linsert", 5, "write denyoom", one, "list", "Inserts an element before or after another element in "
                + "a list.", "2.2.0", ListCommands::linsert));
        add(cmd("lrem", 4, "write", one, "list", "Removes elements from a list. Deletes the list if the last "
                + "element was removed.", "1.0.0", ListCommands::lrem));
        add(cmd("ltrim", 4, "write", one, "list", "Removes elements from both ends a list. Deletes the list if all "
                + "elements were trimmed.", "1.0.0", ListCommands::ltrim));
        add(cmd("lpos", -3, "readonly", one, "list", "Returns the index of matching elements in a list.", "6.0.6",
                ListCommands::lpos));
        add(cmd("lmove", 5, "write denyoom", two, "list", "Returns an element after popping it from one list and "
                + "pushing it to another. Deletes the list if the last element was moved.", "6.2.0",
                ListCommands::lmove));
        add(cmd("rpoplpush", 3, "write denyoom", two, "list", "Returns the last element of a list after removing "
                + "and pushing it to another list. Deletes the list if the last element was popped.", "1.2.0",
                ListCommands::rpoplpush));
        add(cmd("blpop", -3, "write noscript blocking", range(1, -2, 1), "list", "Removes and returns the first "
                + "element in a list. Blocks until an element is available otherwise.", "2.0.0", ListCommands::blpop));
        add(cmd("brpop", -3, "write noscript blocking", range(1, -2, 1), "list", "Removes and returns the last "
                + "element in a list. Blocks until an element is available otherwise.", "2.0.0", ListCommands::brpop));
        add(cmd("blmove", 6, "write denyoom noscript blocking", two, "list", "Pops an element from a list, pushes "
                + "it to another list and returns it. Blocks until an element is available otherwise.", "6.2.0",
                ListCommands::blmove));
    }

    private void sets() {
        KeySpec one = range(1, 1, 1);
        KeySpec all = range(1, -1, 1);
        add(cmd("sadd", -3, "write denyoom fast", one, "set", "Adds one or more members to a set. Creates the key "
                + "if it doesn't exist.", "1.0.0", SetCommands::sadd));
        add(cmd("srem", -3, "write fast", one, "set", "Removes one or more members from a set. Deletes the set if "
                + "the last member was removed.", "1.0.0", SetCommands::srem));
        add(cmd("smembers", 2, "readonly", one, "set", "Returns all members of a set.", "1.0.0",
                SetCommands::smembers));
        add(cmd("sismember", 3, "readonly fast", one, "set", "Determines whether a member belongs to a set.",
                "1.0.0", SetCommands::sismember));
        add(cmd("smismember", -3, "readonly fast", one, "set", "Determines whether multiple members belong to a "
                + "set.", "6.2.0", SetCommands::smismember));
        add(cmd("scard", 2, "readonly fast", one, "set", "Returns the number of members in a set.", "1.0.0",
                SetCommands::scard));
        add(cmd("spop", -2, "write fast", one, "set", "Returns one or more random members from a set after "
                + "removing them. Deletes the set if the last member was popped.", "1.0.0", SetCommands::spop));
        add(cmd("srandmember", -2, "readonly", one, "set", "Get one or multiple random members from a set",
                "1.0.0", SetCommands::srandmember));
        add(cmd("smove", 4, "write fast", range(1, 2, 1), "set", "Moves a member from one set to another.", "1.0.0",
                SetCommands::smove));
        add(cmd("sinter", -2, "readonly", all, "set", "Returns the intersect of multiple sets.", "1.0.0",
                SetCommands::sinter));
        add(cmd("sunion", -2, "readonly", all, "set", "Returns the union of multiple sets.", "1.0.0",
                SetCommands::sunion));
        add(cmd("sdiff", -2, "readonly", all, "set", "Returns the difference of multiple sets.", "1.0.0",
                SetCommands::sdiff));
        add(cmd("sinterstore", -3, "write denyoom", all, "set", "Stores the intersect of multiple sets in a key.",
                "1.0.0", SetCommands::sinterstore));
        add(cmd("sunionstore", -3, "write denyoom", all, "set", "Stores the union of multiple sets in a key.",
                "1.0.0", SetCommands::sunionstore));
        add(cmd("sdiffstore", -3, "write denyoom", all, "set", "Stores the difference of multiple sets in a key.",
                "1.0.0", SetCommands::sdiffstore));
        add(cmd("sintercard", -3, "readonly", numkeys(0, 1), "set", "Returns the number of members of the intersect "
                + "of multiple sets.", "7.0.0", SetCommands::sintercard));
        add(cmd("sscan", -3, "readonly", one, "set", "Iterates over members of a set.", "2.8.0", SetCommands::sscan));
    }

    private void sortedSets() {
        KeySpec one = range(1, 1, 1);
        String g = "sorted-set";
        add(cmd("zadd", -4, "write denyoom fast", one, g, "Adds one or more members to a sorted set, or updates "
                + "their scores. Creates the key if it doesn't exist.", "1.2.0", SortedSetCommands::zadd));
        add(cmd("zincrby", 4, "write denyoom fast", one, g, "Increments the score of a member in a sorted set.",
                "1.2.0", SortedSetCommands::zincrby));
        add(cmd("zrem", -3, "write fast", one, g, "Removes one or more members from a sorted set. Deletes the sorted "
                + "set if all members were removed.", "1.2.0", SortedSetCommands::zrem));
        add(cmd("zcard", 2, "readonly fast", one, g, "Returns the number of members in a sorted set.", "1.2.0",
                SortedSetCommands::zcard));
        add(cmd("zscore", 3, "readonly fast", one, g, "Returns the score of a member in a sorted set.", "1.2.0",
                SortedSetCommands::zscore));
        add(cmd("zmscore", -3, "readonly fast", one, g, "Returns the score of one or more members in a sorted set.",
                "6.2.0", SortedSetCommands::zmscore));
        add(cmd("zrank", -3, "readonly fast", one, g, "Returns the index of a member in a sorted set ordered by "
                + "ascending scores.", "2.0.0", SortedSetCommands::zrank));
        add(cmd("zrevrank", -3, "readonly fast", one, g, "Returns the index of a member in a sorted set ordered by "
                + "descending scores.", "2.0.0", SortedSetCommands::zrevrank));
        add(cmd("zrange", -4, "readonly", one, g, "Returns members in a sorted set within a range of indexes.",
                "1.2.0", SortedSetCommands::zrange));
        add(cmd("zrangestore", -5, "write denyoom", range(1, 2, 1), g, "Stores a range of members from sorted set "
                + "in a key.", "6.2.0", SortedSetCommands::zrangestore));
        add(cmd("zrangebyscore", -4, "readonly", one, g, "Returns members in a sorted set within a range of scores.",
                "1.0.5", SortedSetCommands::zrangebyscore));
        add(cmd("zrevrangebyscore", -4, "readonly", one, g, "Returns members in a sorted set within a range of "
                + "scores in reverse order.", "2.2.0", SortedSetCommands::zrevrangebyscore));
        add(cmd("zrangebylex", -4, "readonly", one, g, "Returns members in a sorted set within a lexicographical "
                + "range.", "2.8.9", SortedSetCommands::zrangebylex));
        add(cmd("zrevrangebylex", -4, "readonly", one, g, "Returns members in a sorted set within a lexicographical "
                + "range in reverse order.", "2.8.9", SortedSetCommands::zrevrangebylex));
        add(cmd("zrevrange", -4, "readonly", one, g, "Returns members in a sorted set within a range of indexes in "
                + "reverse order.", "1.2.0", SortedSetCommands::zrevrange));
        add(cmd("zcount", 4, "readonly fast", one, g, "Returns the count of members in a sorted set that have "
                + "scores within a range.", "2.0.0", SortedSetCommands::zcount));
        add(cmd("zlexcount", 4, "readonly fast", one, g, "Returns the number of members in a sorted set within a "
                + "lexicographical range.", "2.8.9", SortedSetCommands::zlexcount));
        add(cmd("zpopmin", -2, "write fast", one, g, "Returns the lowest-scoring members from a sorted set after "
                + "removing them. Deletes the sorted set if the last member was popped.", "5.0.0",
                SortedSetCommands::zpopmin));
        add(cmd("zpopmax", -2, "write fast", one, g, "Returns the highest-scoring members from a sorted set after "
                + "removing them. Deletes the sorted set if the last member was popped.", "5.0.0",
                SortedSetCommands::zpopmax));
        add(cmd("bzpopmin", -3, "write noscript blocking fast", range(1, -2, 1), g, "Removes and returns the member "
                + "with the lowest score from one or more sorted sets. Blocks until a member is available otherwise.",
                "5.0.0", SortedSetCommands::bzpopmin));
        add(cmd("bzpopmax", -3, "write noscript blocking fast", range(1, -2, 1), g, "Removes and returns the member "
                + "with the highest score from one or more sorted sets. Blocks until a member available otherwise.",
                "5.0.0", SortedSetCommands::bzpopmax));
        add(cmd("zremrangebyrank", 4, "write", one, g, "Removes members in a sorted set within a range of indexes. "
                + "Deletes the sorted set if all members were removed.", "2.0.0", SortedSetCommands::zremrangebyrank));
        add(cmd("zremrangebyscore", 4, "write", one, g, "Removes members in a sorted set within a range of scores. "
                + "Deletes the sorted set if all members were removed.", "1.2.0",
                SortedSetCommands::zremrangebyscore));
        add(cmd("zremrangebylex", 4, "write", one, g, "Removes members in a sorted set within a lexicographical "
                + "range. Deletes the sorted set if all members were removed.", "2.8.9",
                SortedSetCommands::zremrangebylex));
        add(cmd("zunion", -3, "readonly", numkeys(0, 1), g, "Returns the union of multiple sorted sets.", "6.2.0",
                SortedSetCommands::zunion));
        add(cmd("zinter", -3, "readonly", numkeys(0, 1), g, "Returns the intersect of multiple sorted sets.",
                "6.2.0", SortedSetCommands::zinter));
        add(cmd("zdiff", -3, "readonly", numkeys(0, 1), g, "Returns the difference between multiple sorted sets.",
                "6.2.0", SortedSetCommands::zdiff));
        add(cmd("zunionstore", -4, "write denyoom", numkeys(1, 2), g, "Stores the union of multiple sorted sets in "
                + "a key.", "2.0.0", SortedSetCommands::zunionstore));
        add(cmd("zinterstore", -4, "write denyoom", numkeys(1, 2), g, "Stores the intersect of multiple sorted sets "
                + "in a key.", "2.0.0", SortedSetCommands::zinterstore));
        add(cmd("zdiffstore", -4, "write denyoom", numkeys(1, 2), g, "Stores the difference of multiple sorted sets "
                + "in a key.", "6.2.0", SortedSetCommands::zdiffstore));
        add(cmd("zrandmember", -2, "readonly", one, g, "Returns one or more random members from a sorted set.",
                "6.2.0", SortedSetCommands::zrandmember));
        add(cmd("zscan", -3, "readonly", one, g, "Iterates over members and scores of a sorted set.", "2.8.0",
                SortedSetCommands::zscan));
    }

    private void transactions() {
        add(cmd("multi", 1, "noscript loading stale fast allow_busy", NONE, "transactions", "Starts a transaction.",
                "1.2.0", TransactionCommands::multi));
        add(cmd("exec", 1, "noscript loading stale skip_slowlog", NONE, "transactions",
                "Executes all commands in a transaction.", "1.2.0", TransactionCommands::exec));
        add(cmd("discard", 1, "noscript loading stale fast allow_busy", NONE, "transactions",
                "Discards a transaction.", "2.0.0", TransactionCommands::discard));
        add(cmd("watch", -2, "noscript loading stale fast allow_busy", range(1, -1, 1), "transactions",
                "Monitors changes to keys to determine the execution of a transaction.", "2.2.0",
                TransactionCommands::watch));
        add(cmd("unwatch", 1, "noscript loading stale fast allow_busy", NONE, "transactions",
                "Forgets about watched keys of a transaction.", "2.2.0", TransactionCommands::unwatch));
    }

    private void cluster() {
        String g = "cluster";
        add(container("cluster", g, "A container for Redis Cluster commands.", "3.0.0",
                cmd("cluster|addslots", -3, "admin stale", NONE, g, "Assigns new hash slots to a node.", "3.0.0",
                        ClusterCommands::addslots),
                cmd("cluster|addslotsrange", -4, "admin stale", NONE, g, "Assigns new hash slot ranges to a node.",
                        "7.0.0", ClusterCommands::addslotsrange),
                cmd("cluster|bumpepoch", 2, "admin stale", NONE, g, "Advances the cluster config epoch.", "3.0.0",
                        ClusterCommands::bumpepoch),
                cmd("cluster|count-failure-reports", 3, "admin stale", NONE, g,
                        "Returns the number of active failure reports active for a node.", "3.0.0",
                        ClusterCommands::countFailureReports),
                cmd("cluster|countkeysinslot", 3, "stale", NONE, g, "Returns the number of keys in a hash slot.",
                        "3.0.0", ClusterCommands::countkeysinslot),
                cmd("cluster|delslots", -3, "admin stale", NONE, g, "Sets hash slots as unbound for a node.",
                        "3.0.0", ClusterCommands::delslots),
                cmd("cluster|delslotsrange", -4, "admin stale", NONE, g,
                        "Sets hash slot ranges as unbound for a node.", "7.0.0", ClusterCommands::delslotsrange),
                cmd("cluster|flushslots", 2, "admin stale", NONE, g, "Deletes all slots information from a node.",
                        "3.0.0", ClusterCommands::flushslots),
                cmd("cluster|forget", 3, "admin stale", NONE, g, "Removes a node from the nodes table.", "3.0.0",
                        ClusterCommands::forget),
                cmd("cluster|getkeysinslot", 4, "stale", NONE, g, "Returns the key names in a hash slot.", "3.0.0",
                        ClusterCommands::getkeysinslot),
                cmd("cluster|help", 2, "loading stale", NONE, g,
                        "Returns helpful text about the different subcommands.", "5.0.0", ClusterCommands::help),
                cmd("cluster|info", 2, "stale", NONE, g, "Returns information about the state of a node.", "3.0.0",
                        ClusterCommands::info),
                cmd("cluster|keyslot", 3, "stale", NONE, g, "Returns the hash slot for a key.", "3.0.0",
                        ClusterCommands::keyslot),
                cmd("cluster|links", 2, "stale", NONE, g, "Returns a list of all TCP links to and from peer nodes.",
                        "7.0.0", ClusterCommands::links),
                cmd("cluster|meet", -4, "admin stale", NONE, g, "Forces a node to handshake with another node.",
                        "3.0.0", ClusterCommands::meet),
                cmd("cluster|myid", 2, "stale", NONE, g, "Returns the ID of a node.", "3.0.0",
                        ClusterCommands::myid),
                cmd("cluster|myshardid", 2, "stale", NONE, g, "Returns the shard ID of a node.", "7.2.0",
                        ClusterCommands::myshardid),
                cmd("cluster|nodes", 2, "stale", NONE, g, "Returns the cluster configuration for a node.", "3.0.0",
                        ClusterCommands::nodes),
                cmd("cluster|reset", -2, "admin noscript stale", NONE, g, "Resets a node.", "3.0.0",
                        ClusterCommands::reset),
                cmd("cluster|saveconfig", 2, "admin stale", NONE, g,
                        "Forces a node to save the cluster configuration to disk.", "3.0.0",
                        ClusterCommands::saveconfig),
                cmd("cluster|set-config-epoch", 3, "admin stale", NONE, g,
                        "Sets the configuration epoch for a new node.", "3.0.0", ClusterCommands::setConfigEpoch),
                cmd("cluster|setslot", -4, "admin stale", NONE, g, "Binds a hash slot to a node.", "3.0.0",
                        ClusterCommands::setslot),
                cmd("cluster|shards", 2, "stale", NONE, g, "Returns the mapping of cluster slots to shards.",
                        "7.0.0", ClusterCommands::shards),
                cmd("cluster|slots", 2, "stale", NONE, g, "Returns the mapping of cluster slots to nodes.", "3.0.0",
                        ClusterCommands::slots)));
        add(cmd("readonly", 1, "loading stale fast", NONE, g,
                "Enables read-only queries for a connection to a Redis Cluster replica node.", "3.0.0",
                ClusterCommands::readonly));
        // "Reids" is Redis's own spelling of this summary.
        add(cmd("readwrite", 1, "loading stale fast", NONE, g,
                "Enables read-write queries for a connection to a Reids Cluster replica node.", "3.0.0",
                ClusterCommands::readwrite));
        add(cmd("asking", 1, "fast", NONE, g, "Signals that a cluster client is following an -ASK redirect.",
                "3.0.0", ClusterCommands::asking));
    }

    /** SSDB's five-step range move (see {@link SlotMigrationCommands}) and the stream its mover sends. */
    private void slotMigration() {
        String g = "cluster";
        add(cmd("slot_preimporting", 2, "admin stale", NONE, g,
                "Marks a hash slot as importing from its owner, the first step of a range move.", "slotkv",
                SlotMigrationCommands::preimporting));
        add(cmd("slot_premigrating", 3, "admin stale", NONE, g,
                "Marks a hash slot as migrating to the node importing it.", "slotkv",
                SlotMigrationCommands::premigrating));
        add(cmd("migrate_slot", -4, "admin no_multi", NONE, g,
                "Streams the keys of a migrating hash slot to its target for one time slice.", "slotkv",
                SlotMigrationCommands::migrateSlot));
        add(cmd("slot_postmigrating", 2, "admin stale", NONE, g,
                "Gives an emptied migrating hash slot to its target.", "slotkv",
                SlotMigrationCommands::postmigrating));
        add(cmd("slot_postimporting", 2, "admin stale", NONE, g,
                "Takes a fully received importing hash slot and announces it.", "slotkv",
                SlotMigrationCommands::postimporting));
        add(cmd("migrate_slot_status", 2, "admin stale", NONE, g,
                "Returns the progress of this node's move of a hash slot.", "slotkv", SlotMigrationCommands::status));
        add(container("slotimport", g, "A container for the commands of a range move's stream.", "slotkv",
                cmd("slotimport|hello", 4, "admin", NONE, g, "Opens the stream of a hash slot from its source.",
                        "slotkv", SlotImportCommands::hello),
                cmd("slotimport|keys", -4, "write denyoom admin", NONE, g, "Applies a batch of a hash slot's keys.",
                        "slotkv", SlotImportCommands::keys),
                cmd("slotimport|chunk", -7, "write denyoom admin", NONE, g,
                        "Stages a chunk of the elements of a big key of a hash slot.", "slotkv",
                        SlotImportCommands::chunk),
                cmd("slotimport|commit", 8, "write admin", NONE, g,
                        "Puts a big key of a hash slot, staged whole, in place.", "slotkv", SlotImportCommands::commit),
                cmd("slotimport|staged", 5, "admin", NONE, g,
                        "Returns how many chunks of a big key of a hash slot are staged.", "slotkv",
                        SlotImportCommands::staged),
                cmd("slotimport|done", 4, "admin", NONE, g, "Ends the stream of a hash slot.", "slotkv",
                        SlotImportCommands::done)));
    }

    // ---------------------------------------------------------------- building rows

    private static CommandSpec cmd(String name, int arity, String flags, KeySpec keys, String group,
            String summary, String since, CommandHandler handler) {
        return new CommandSpec(name, arity, flags(flags), keys, group, summary, since, handler, Map.of());
    }

    private static CommandSpec container(String name, String group, String summary, String since,
            CommandSpec... subcommands) {
        return new CommandSpec(name, -2, Set.of(), NONE, group, summary, since, null, subs(subcommands));
    }

    private static Map<String, CommandSpec> subs(CommandSpec... subcommands) {
        Map<String, CommandSpec> map = new LinkedHashMap<>();
        for (CommandSpec sub : subcommands) {
            map.put(sub.name().substring(sub.name().indexOf('|') + 1), sub);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Set<CommandFlag> flags(String names) {
        EnumSet<CommandFlag> set = EnumSet.noneOf(CommandFlag.class);
        for (String name : names.split(" ")) {
            if (!name.isEmpty()) {
                set.add(CommandFlag.valueOf(name.toUpperCase(Locale.ROOT)));
            }
        }
        return java.util.Collections.unmodifiableSet(set);
    }

    private void add(CommandSpec spec) {
        if (commands.put(spec.name(), spec) != null) {
            throw new IllegalStateException("duplicate command: " + spec.name());
        }
    }

    // ---------------------------------------------------------------- lookups

    /** The command named by {@code name} (any case), or {@code null}. */
    public CommandSpec lookup(byte[] name) {
        return index.get(name);
    }

    /** The command named {@code name} (lower case), or {@code null}. */
    public CommandSpec lookup(String name) {
        return commands.get(name);
    }

    /** The subcommand of {@code container} named by {@code name} (any case), or {@code null}. */
    public CommandSpec subcommand(CommandSpec container, byte[] name) {
        return container.subcommands().get(lowerAscii(name));
    }

    public Collection<CommandSpec> all() {
        return commands.values();
    }

    private static String lowerAscii(byte[] name) {
        if (name.length > 64) {
            return "";
        }
        byte[] lower = new byte[name.length];
        for (int i = 0; i < name.length; i++) {
            byte b = name[i];
            lower[i] = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
        }
        return new String(lower, StandardCharsets.ISO_8859_1);
    }
}
