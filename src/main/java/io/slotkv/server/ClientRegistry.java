package io.slotkv.server;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The connected clients, by id, for CLIENT LIST/KILL, INFO clients, maxclients and idle timeouts. Shard-owned. */
public final class ClientRegistry {
    private final Map<Long, Client> clients = new LinkedHashMap<>();

    void add(Client client) {
        clients.put(client.id(), client);
    }

    void remove(Client client) {
        clients.remove(client.id());
    }

    public int size() {
        return clients.size();
    }

    public Collection<Client> all() {
        return clients.values();
    }

    public Client get(long id) {
        return clients.get(id);
    }
}
