package io.bgtasks.status;

import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The Server-Sent Events of one task's status: polls the backend every interval on a virtual thread and emits an
 * event whenever the status changed, until the task is final, the client goes away, or the stream's age limit
 * passes. Written against Reactive Streams alone so that core needs no Reactor.
 */
final class StatusEventStream implements Publisher<Event<?>> {
    private final TaskStatusQuery query;
    private final String id;
    private final Duration pollInterval;
    private final Duration maxAge;

    StatusEventStream(TaskStatusQuery query, String id, Duration pollInterval, Duration maxAge) {
        this.query = query;
        this.id = id;
        this.pollInterval = pollInterval;
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

        @Override
        public void run() {
            long deadline = System.nanoTime() + maxAge.toNanos();
            String last = null;
            try {
                while (System.nanoTime() < deadline) {
                    Optional<TaskStatus> found = query.find(id);
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
                    if (!pause()) {
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

        /** @return false when cancelled during the pause */
        private synchronized boolean pause() throws InterruptedException {
            if (!cancelled) {
                wait(Math.max(1, pollInterval.toMillis()));
            }
            return !cancelled;
        }

        private synchronized boolean isCancelled() {
            return cancelled;
        }
    }
}
