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
                g.writeStringField("provider", c.provider().id());
                g.writeStringField("baseUrl", c.baseUrl());
                switch (c.provider()) {
                    case ATLAR -> {
                        g.writeStringField("accessKey", c.accessKey());
                        g.writeStringField("secret", c.secret());
                    }
                    case ATOA -> {
                        g.writeStringField("secretKey", c.secretKey());
                        g.writeStringField("accountAuthId", c.accountAuthId());
                        g.writeArrayFieldStart("accountIds");
                        for (String id : c.accountIds()) {
                            g.writeString(id);
                        }
                        g.writeEndArray();
                    }
                    case FINQWARE -> {
                        g.writeStringField("clientId", c.clientId());
                        g.writeStringField("clientSecret", c.clientSecret());
                        g.writeStringField("consentId", c.consentId());
                        g.writeBooleanField("refreshData", true);
                    }
                    default -> throw new IllegalStateException();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }, true);
    }
}
