package io.bgtasks.app.mail;

import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Properties;

/** Sends plain-text mail over SMTP with Jakarta Mail (Eclipse Angus). */
@Singleton
public class Mailer {
    private final SmtpSettings settings;
    private final BeanProvider<EmbeddedSmtp> embedded;

    Mailer(SmtpSettings settings, BeanProvider<EmbeddedSmtp> embedded) {
        this.settings = settings;
        this.embedded = embedded;
    }

    /**
     * @param to recipient
     * @param subject subject
     * @param body text
     * @throws MessagingException when the SMTP server refuses or cannot be reached (the task fails, and retries
     *                            on a durable backend)
     */
    public void send(String to, String subject, String body) throws MessagingException {
        int port = embedded.isPresent() ? embedded.get().port() : settings.getPort();
        Properties props = new Properties();
        props.put("mail.smtp.host", settings.getHost());
        props.put("mail.smtp.port", Integer.toString(port));
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "10000");
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(settings.getFrom()));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText(body);
        Transport.send(message);
    }
}
