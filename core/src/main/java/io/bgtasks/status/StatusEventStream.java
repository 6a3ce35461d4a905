package io.bgtasks.status;

import io.bgtasks.config.StatusEndpointConfiguration;
import io.bgtasks.spi.StatusChanges;
import io.bgtasks.spi.TaskIds;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Server-Sent Events of one task's status: reads the status on a virtual thread and emits an event whenever it
 * changed, until the task is final, the client goes away, or the stream's age limit passes. With {@link StatusChanges}
 * it reads when told the batch changed (and at the fallback interval, and at the poll interval during the first
 * second, while the backend's workers learn of the watch); without, every poll interval. Written against Reactive
 * Streams alone so that core needs no Reactor.
 */
final class StatusEventStream implements Publisher<Event<?>> {
    /** How long a new watch may go unnoticed by the backend's workers: the stream polls meanwhile. */
    private static final Duration WATCH_SETTLING = Duration.ofSeconds(1);

    /** Reads the status as the caller may see it. */
    private final Function<String, Optional<TaskStatus>> query;
    private final @Nullable StatusChanges changes;
    private final String id;
    private final Duration pollInterval;
    private final Duration fallbackInterval;
    private final Duration maxAge;

    StatusEventStream(Function<String, Optional<TaskStatus>> query, @Nullable StatusChanges changes, String id,
                      StatusEndpointConfiguration configuration, Duration maxAge) {
        this.query = query;
        this.changes = changes;
        this.id = id;
        this.pollInterval = configuration.getPollInterval();
        this.fallbackInterval = configuration.getFallbackInterval();
        this.maxAge = maxAge;
    }

    @Override
    public void subscribe(Subscriber<? super Event<?>> subscriber) {
        Poll poll = new Poll(subscriber);
        subscriber.onSubscribe(poll);
        Thread.ofVirtual().name("bgtasks-status-events").start(poll);
    }

    private final class Poll implements Subscription, Runnable {
        private final Subscriber<? super Event<?>> subscriber;
        private long demand;
        private boolean cancelled;
        private boolean changed;

        Poll(Subscriber<? super Event<?>> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public synchronized void request(long n) {
            if (n <= 0) {
                cancelled = true;
                subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
            } else {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            notifyAll();
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
            notifyAll();
        }

        /** The backend says the batch changed: read now. */
        private synchronized void changed() {
            changed = true;
            notifyAll();
        }

        @Override
        public void run() {
            long opened = System.nanoTime();
            long deadline = opened + maxAge.toNanos();
            TaskIds.TaskRef ref = TaskIds.parse(id);
            StatusChanges.Watch watch = changes != null && ref != null ? changes.watch(ref.batchId(), this::changed) : null;
            String last = null;
            try {
                while (System.nanoTime() < deadline) {
                    Optional<TaskStatus> found = query.apply(id);
                    String current = found.map(s -> s.state() + "/" + s.attempts() + "/" + s.lastError()).orElse("");
                    if (!current.equals(last)) {
                        if (!awaitDemand()) {
                            return;
                        }
                        subscriber.onNext(event(found));
                        last = current;
                        if (found.isEmpty() || found.get().state().isFinal()) {
                            break;
                        }
                    }
                    if (!pause(watch == null || System.nanoTime() - opened < WATCH_SETTLING.toNanos()
                        ? pollInterval : fallbackInterval)) {
                        return;
                    }
                }
                if (!isCancelled()) {
                    subscriber.onComplete();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!isCancelled()) {
                    subscriber.onError(e);
                }
            } finally {
                if (watch != null) {
                    watch.close();
                }
            }
        }

        private Event<?> event(Optional<TaskStatus> found) {
            return found.<Event<?>>map(s -> Event.of(s).name("status"))
                .orElseGet(() -> Event.of(Map.of("message", "no task with id " + id)).name("not-found"));
        }

        /** @return false when cancelled while waiting for the subscriber to ask for more */
        private synchronized boolean awaitDemand() throws InterruptedException {
            while (demand == 0 && !cancelled) {
                wait();
            }
            if (cancelled) {
                return false;
            }
            demand--;
            return true;
        }

        /** @return false when cancelled during the pause, which ends early when the batch changed */
        private synchronized boolean pause(Duration interval) throws InterruptedException {
            long until = System.nanoTime() + interval.toNanos();
            while (!cancelled && !changed) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            changed = false;
            return !cancelled;
        }

        private synchronized boolean isCancelled() {
            return cancelled;
        }
    }
}
