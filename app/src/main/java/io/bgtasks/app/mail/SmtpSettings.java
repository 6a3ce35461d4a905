package io.bgtasks.app.mail;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Where the shop sends mail, {@code bgtasks-app.smtp.*}. */
@ConfigurationProperties("bgtasks-app.smtp")
public class SmtpSettings {
    private boolean embedded = true;
    private String host = "127.0.0.1";
    private int port = 3025;
    private String from = "shop@bgtasks.example";

    /** @return whether this process starts an embedded SMTP server on {@link #getPort()} (default true) */
    public boolean isEmbedded() {
        return embedded;
    }

    /** @param embedded whether to start the embedded server */
    public void setEmbedded(boolean embedded) {
        this.embedded = embedded;
    }

    /** @return the SMTP host (default 127.0.0.1) */
    public String getHost() {
        return host;
    }

    /** @param host the SMTP host */
    public void setHost(String host) {
        this.host = host;
    }

    /** @return the SMTP port (default 3025; 0 with the embedded server picks a free one) */
    public int getPort() {
        return port;
    }

    /** @param port the SMTP port */
    public void setPort(int port) {
        this.port = port;
    }

    /** @return the sender address */
    public String getFrom() {
        return from;
    }

    /** @param from the sender address */
    public void setFrom(String from) {
        this.from = from;
    }
}
