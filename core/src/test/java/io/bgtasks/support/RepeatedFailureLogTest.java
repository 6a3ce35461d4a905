package io.bgtasks.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An outage's thousands of identical failures make one line with its stack, then counted summaries. */
class RepeatedFailureLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("test.repeated-failures." + System.nanoTime());
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void attach() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void tenThousandIdenticalFailuresFromManyThreadsLogOneLineWithTheStack() throws Exception {
        RepeatedFailureLog log = new RepeatedFailureLog(logger, Duration.ofMinutes(1));
        IOException outage = new IOException("connection refused");
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 10_000; i++) {
                threads.execute(() -> log.failed("could not hand off", outage));
            }
        }
        assertEquals(1, lines.list.size(), lines.list.toString());
        assertNotNull(lines.list.getFirst().getThrowableProxy(), "the first line has the stack");
        assertTrue(lines.list.getFirst().getFormattedMessage().contains("java.io.IOException: connection refused"));
    }

    @Test
    void aNewCauseIsLoggedAtOnceAndRepeatsAreCountedAfterTheInterval() throws Exception {
        RepeatedFailureLog log = new RepeatedFailureLog(logger, Duration.ofMillis(200));
        log.failed("fetch failed", new IOException("connection refused"));
        log.failed("fetch failed", new IOException("connection refused"));
        log.failed("fetch failed", new IllegalStateException("READONLY"));
        assertEquals(2, lines.list.size(), "a different cause is logged at once: " + lines.list);
        for (int i = 0; i < 5; i++) {
            log.failed("fetch failed", new IllegalStateException("READONLY"));
        }
        assertEquals(2, lines.list.size());
        Thread.sleep(250);
        log.failed("fetch failed", new IllegalStateException("READONLY"));
        assertEquals(3, lines.list.size());
        ILoggingEvent summary = lines.list.get(2);
        assertTrue(summary.getFormattedMessage().contains("6 more time(s)"), summary.getFormattedMessage());
        assertNull(summary.getThrowableProxy(), "a summary does not repeat the stack");
    }

    @Test
    void recoveryIsLoggedOnceAndTheNextFailureInFull() {
        RepeatedFailureLog log = new RepeatedFailureLog(logger, Duration.ofMinutes(1));
        log.recovered();
        assertEquals(List.of(), lines.list, "nothing had failed");
        log.failed("fetch failed", new IOException("down"));
        log.failed("fetch failed", new IOException("down"));
        log.recovered();
        log.recovered();
        log.failed("fetch failed", new IOException("down"));
        assertEquals(3, lines.list.size(), lines.list.toString());
        assertTrue(lines.list.get(1).getFormattedMessage().contains("recovered from java.io.IOException: down (1 more"));
        assertNotNull(lines.list.get(2).getThrowableProxy(), "after a recovery the next failure has its stack again");
    }
}
