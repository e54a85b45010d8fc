package dev.bankfeed.sandbox;

import java.util.List;

/** Writes the connection file schema our Secrets Manager secrets hold: {@code {"connections":[...]}}. */
final class ConnectionsFile {

    private ConnectionsFile() {
    }

    static byte[] write(List<SandboxConnection> connections) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("connections");
            for (SandboxConnection c : connections) {
                g.writeStartObject();
                g.writeStringField("id", c.id());
                g.writeStringField("provider", c.provider());
                g.writeStringField("baseUrl", c.baseUrl());
                SandboxModules.byId(c.provider()).writeCredentials(g, c);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }, true);
    }
}
