package io.bgtasks.app.mail;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /outbox}: the mail the embedded SMTP server received. */
@Controller("/outbox")
@Requires(beans = EmbeddedSmtp.class)
class OutboxController {
    private final EmbeddedSmtp smtp;

    OutboxController(EmbeddedSmtp smtp) {
        this.smtp = smtp;
    }

    /**
     * One received mail.
     * @param to recipients
     * @param subject subject
     * @param body text
     */
    @Serdeable
    record Mail(List<String> to, String subject, String body) {
    }

    @Get
    List<Mail> outbox() throws MessagingException, IOException {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage m : smtp.received()) {
            List<String> to = new ArrayList<>();
            for (Address a : m.getAllRecipients()) {
                to.add(a.toString());
            }
            mails.add(new Mail(to, m.getSubject(), String.valueOf(m.getContent()).trim()));
        }
        return mails;
    }
}
