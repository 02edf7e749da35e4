package io.slotkv.command;

import io.slotkv.server.Client;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** CLIENT ID | SETNAME | GETNAME | LIST | INFO | KILL | HELP. */
final class ClientCommands {
    private ClientCommands() {}

    /** A client name CLIENT SETNAME accepts, or the error Redis gives. */
    static String validName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw new CommandException(
                        "ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
        return new String(name, StandardCharsets.US_ASCII);
    }

    static void id(Call call) {
        call.reply().integer(call.client().id());
    }

    static void setName(Call call) {
        call.client().setName(validName(call.arg(2)));
        call.reply().ok();
    }

    static void getName(Call call) {
        String name = call.client().name();
        if (name.isEmpty()) {
            call.reply().nullBulk();
        } else {
            call.reply().bulk(name);
        }
    }

    /** CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id ...]. */
    static void list(Call call) {
        List<Client> selected = new ArrayList<>();
        if (call.argc() == 2) {
            selected.addAll(call.server().clients().all());
        } else if (call.is(2, "TYPE") && call.argc() == 4) {
            if (isNormalType(call, 3)) {
                selected.addAll(call.server().clients().all());
            }
        } else if (call.is(2, "ID") && call.argc() > 3) {
            for (int i = 3; i < call.argc(); i++) {
                long id = call.longArg(i, "ERR Invalid client ID");
                Client client = call.server().clients().get(id);
                if (client != null) {
                    selected.add(client);
                }
            }
        } else {
            throw new CommandException(Errors.SYNTAX);
        }
        StringBuilder text = new StringBuilder();
        for (Client client : selected) {
            text.append(describe(call, client)).append('\n');
        }
        call.reply().verbatim(text.toString());
    }

    /**
     * Whether the client type named by argument {@code index} is "normal", the type of every slotkv client (there
     * are no replicas and no Pub/Sub yet); the other types Redis knows select nobody.
     */
    private static boolean isNormalType(Call call, int index) {
        for (String other : List.of("master", "replica", "slave", "pubsub")) {
            if (call.is(index, other)) {
                return false;
            }
        }
        if (call.is(index, "normal")) {
            return true;
        }
        throw new CommandException("ERR Unknown client type '" + call.text(index) + "'");
    }

    static void info(Call call) {
        call.reply().verbatim(describe(call, call.client()) + "\n");
    }

    /** One CLIENT LIST line, with Redis's fields in Redis's order. */
    private static String describe(Call call, Client c) {
        long now = System.currentTimeMillis();
        String flags = (c.isMonitor() ? "O" : "") + (c.blocked() != null ? "b" : "") + (c.inMulti() ? "x" : "");
        String cmd = c == call.client() ? call.spec().name() : c.lastCommand();
        return "id=" + c.id() + " addr=" + c.address() + " laddr=" + c.localAddress() + " fd=8 name=" + c.name()
                + " age=" + (now - c.createdMillis()) / 1000 + " idle=" + (now - c.lastInteractionMillis()) / 1000
                + " flags=" + (flags.isEmpty() ? "N" : flags) + " db=" + c.db() + " sub=0 psub=0 ssub=0 multi="
                + (c.inMulti() ? 0 : -1) + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0"
                + " omem=" + c.writer().target().readableBytes() + " tot-mem=0 events=r cmd=" + cmd
                + " user=default redir=-1 resp=" + c.writer().protocol();
    }

    /**
     * CLIENT KILL addr, or CLIENT KILL [ID id] [TYPE type] [USER name] [ADDR addr] [LADDR addr] [SKIPME yes|no]:
     * every filter is validated before any client is killed. A client killing itself gets its reply first.
     */
    static void kill(Call call) {
        if (call.argc() == 3) {
            Client target = null;
            for (Client c : call.server().clients().all()) {
                if (c.address().equals(call.text(2))) {
                    target = c;
                }
            }
            if (target == null) {
                throw new CommandException("ERR No such client");
            }
            call.reply().ok();
            kill(call, target);
            return;
        }
        if (call.argc() % 2 != 0) {
            throw new CommandException(Errors.SYNTAX);
        }
        Long id = null;
        String addr = null;
        String laddr = null;
        boolean typeMatches = true;
        boolean skipMe = true;
        for (int i = 2; i < call.argc(); i += 2) {
            if (call.is(i, "ID")) {
                id = call.longArg(i + 1, "ERR client-id should be greater than 0");
                if (id <= 0) {
                    throw new CommandException("ERR client-id should be greater than 0");
                }
            } else if (call.is(i, "TYPE")) {
                typeMatches &= isNormalType(call, i + 1);
            } else if (call.is(i, "USER")) {
                if (!call.is(i + 1, "default")) {
                    // "default" is the only user, and every client's
                    throw new CommandException("ERR No such user '" + call.text(i + 1) + "'");
                }
            } else if (call.is(i, "ADDR")) {
                addr = call.text(i + 1);
            } else if (call.is(i, "LADDR")) {
                laddr = call.text(i + 1);
            } else if (call.is(i, "SKIPME")) {
                if (call.is(i + 1, "yes")) {
                    skipMe = true;
                } else if (call.is(i + 1, "no")) {
                    skipMe = false;
                } else {
                    throw new CommandException(Errors.SYNTAX);
                }
            } else {
                throw new CommandException(Errors.SYNTAX);
            }
        }
        List<Client> targets = new ArrayList<>();
        for (Client c : call.server().clients().all()) {
            boolean match = typeMatches && (id == null || c.id() == id) && (addr == null || c.address().equals(addr))
                    && (laddr == null || c.localAddress().equals(laddr));
            if (match && !(skipMe && c == call.client())) {
                targets.add(c);
            }
        }
        call.reply().integer(targets.size());
        targets.forEach(target -> kill(call, target));
    }

    /** Closes {@code target}'s connection now, or, when it is the caller, once its reply is sent (as Redis). */
    private static void kill(Call call, Client target) {
        if (target == call.client()) {
            target.closeAfterReply();
        } else {
            call.server().kill(target);
        }
    }

    static void help(Call call) {
        Help.reply(call, "CLIENT",
                "ID",
                "    Return the ID of the current connection.",
                "GETNAME",
                "    Return the name of the current connection.",
                "INFO",
                "    Return information about the current client connection.",
                "KILL <ip:port>",
                "    Kill connection made from <ip:port>.",
                "KILL <option> <value> [<option> <value> [...]]",
                "    Kill connections. Options are: ID <client-id>, TYPE (NORMAL|MASTER|REPLICA|PUBSUB),",
                "    USER <username>, ADDR <ip:port>, LADDR <ip:port>, SKIPME (YES|NO).",
                "LIST [TYPE normal|master|replica|pubsub] [ID <id> [<id> ...]]",
                "    Return information about client connections.",
                "SETNAME <name>",
                "    Assign the name <name> to the current connection.");
    }
}
