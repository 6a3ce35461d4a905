package io.bgtasks.app.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * A real SMTP server inside the app (GreenMail), so the first run needs nothing installed; received mail is shown
 * at {@code GET /outbox}. When the port is taken (say by the web process, seen from a worker-only process on the
 * same machine), this process sends to that server instead of starting its own.
 */
@Context
@Requires(property = "bgtasks-app.smtp.embedded", notEquals = "false")
public class EmbeddedSmtp {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSmtp.class);
    private final GreenMail server;
    private final int port;

    EmbeddedSmtp(SmtpSettings settings) {
        ServerSetup setup = new ServerSetup(settings.getPort(), settings.getHost(), ServerSetup.PROTOCOL_SMTP);
        GreenMail started = new GreenMail(settings.getPort() == 0 ? setup.dynamicPort() : setup);
        int bound;
        try {
            started.start();
            bound = started.getSmtp().getPort();
            LOG.info("embedded SMTP server listening on {}:{} (mail shows at GET /outbox)", settings.getHost(), bound);
        } catch (RuntimeException e) {
            LOG.info("SMTP port {} is taken ({}); sending to the server already there", settings.getPort(), e.getMessage());
            started = null;
            bound = settings.getPort();
        }
        this.server = started;
        this.port = bound;
    }

    /** @return the port mail goes to */
    public int port() {
        return port;
    }

    /** @return the messages this server received, oldest first (empty when another process hosts the server) */
    public List<MimeMessage> received() {
        return server == null ? List.of() : List.of(server.getReceivedMessages());
    }

    @PreDestroy
    void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
