package io.slotkv.command;

import io.slotkv.protocol.RespWriter;
import io.slotkv.server.Client;
import io.slotkv.server.Server;
import io.slotkv.server.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Connection commands: PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET. */
final class ConnectionCommands {
    private ConnectionCommands() {}

    static void ping(Call call) {
        if (call.argc() > 2) {
            throw new CommandException(Errors.arity("ping"));
        }
        if (call.argc() == 2) {
            call.reply().bulk(call.arg(1));
        } else {
            call.reply().simple("PONG");
        }
    }

    static void echo(Call call) {
        call.reply().bulk(call.arg(1));
    }

    static void select(Call call) {
        long index = call.longArg(1, "ERR value is not an integer or out of range");
        if (index < 0 || index >= call.server().engine().databases()) {
            throw new CommandException(Errors.DB_INDEX);
        }
        if (call.server().config().getBool("cluster-enabled") && index != 0) {
            throw new CommandException("ERR SELECT is not allowed in cluster mode");
        }
        call.client().select((int) index);
        call.reply().ok();
    }

    static void quit(Call call) {
        call.reply().ok();
        call.client().closeAfterReply();
    }

    /** AUTH [username] password, with the single "default" user requirepass configures. */
    static void auth(Call call) {
        if (call.argc() > 3) {
            throw new CommandException(Errors.SYNTAX);
        }
        Server server = call.server();
        if (!server.requiresPassword()) {
            if (call.argc() == 2) {
                throw new CommandException("ERR AUTH <password> called without any password configured for the "
                        + "default user. Are you sure your configuration is correct?");
            }
        }
        byte[] user = call.argc() == 3 ? call.arg(1) : "default".getBytes(StandardCharsets.US_ASCII);
        if (!checkPassword(server, user, call.arg(call.argc() - 1))) {
            throw new CommandException(Errors.WRONGPASS);
        }
        call.client().setAuthenticated(true);
        call.reply().ok();
    }

    /** Constant-time comparison, as Redis's time_independent_strcmp, so timing does not leak the password. */
    private static boolean checkPassword(Server server, byte[] user, byte[] password) {
        if (!new String(user, StandardCharsets.UTF_8).equals("default")) {
            return false;
        }
        String required = server.config().get("requirepass");
        if (required.isEmpty()) {
            return true;
        }
        return MessageDigest.isEqual(required.getBytes(StandardCharsets.UTF_8), password);
    }

    /** HELLO [protover [AUTH username password] [SETNAME clientname]]. */
    static void hello(Call call) {
        Client client = call.client();
        int protocol = client.writer().protocol();
        int i = 1;
        if (call.argc() > 1) {
            long version = call.longArg(1, "ERR Protocol version is not an integer or out of range");
            if (version < 2 || version > 3) {
                throw new CommandException("NOPROTO unsupported protocol version");
            }
            protocol = (int) version;
            i = 2;
        }
        String name = null;
        boolean authenticate = false;
        for (; i < call.argc(); i++) {
            if (call.is(i, "AUTH") && i + 2 < call.argc()) {
                if (!checkPassword(call.server(), call.arg(i + 1), call.arg(i + 2))) {
                    throw new CommandException(Errors.WRONGPASS);
                }
                authenticate = true;
                i += 2;
            } else if (call.is(i, "SETNAME") && i + 1 < call.argc()) {
                name = ClientCommands.validName(call.arg(i + 1));
                i++;
            } else {
                throw new CommandException("ERR Syntax error in HELLO option '" + call.text(i) + "'");
            }
        }
        if (call.server().requiresPassword() && !client.isAuthenticated() && !authenticate) {
            throw new CommandException("NOAUTH HELLO must be called with the client already authenticated, "
                    + "otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client "
                    + "and select the RESP protocol version at the same time");
        }
        if (authenticate) {
            client.setAuthenticated(true);
        }
        if (name != null) {
            client.setName(name);
        }
        client.writer().protocol(protocol);
        RespWriter reply = call.reply();
        reply.map(7);
        reply.bulk("server");
        reply.bulk("redis");
        reply.bulk("version");
        reply.bulk(Version.REDIS_COMPATIBLE);
        reply.bulk("proto");
        reply.integer(protocol);
        reply.bulk("id");
        reply.integer(client.id());
        reply.bulk("mode");
        reply.bulk(call.server().config().getBool("cluster-enabled") ? "cluster" : "standalone");
        reply.bulk("role");
        reply.bulk("master");
        reply.bulk("modules");
        reply.array(0);
    }

    /** RESET: back to a fresh connection's state. */
    static void reset(Call call) {
        Client client = call.client();
        if (client.inMulti()) {
            client.endMulti();
        }
        call.server().watches().unwatchAll(client);
        client.select(0);
        client.setName("");
        client.setAsking(false);
        client.writer().protocol(2);
        client.setAuthenticated(!call.server().requiresPassword());
        call.reply().simple("RESET");
    }
}
