package io.bgtasks.app.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
        if (settings.getPort() != 0 && taken(settings.getHost(), settings.getPort())) {
            LOG.info("SMTP port {} is taken: sending to the server already there", settings.getPort());
            this.server = null;
            this.port = settings.getPort();
            return;
        }
        GreenMail started = new GreenMail(settings.getPort() == 0 ? setup.dynamicPort() : setup);
        started.start();
        this.server = started;
        this.port = started.getSmtp().getPort();
        LOG.info("embedded SMTP server listening on {}:{} (mail shows at GET /outbox)", settings.getHost(), port);
    }

    /** Asked before starting, because GreenMail reports a taken port only from its own thread. */
    private static boolean taken(String host, int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            return false;
        } catch (IOException e) {
            return true;
        }
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
