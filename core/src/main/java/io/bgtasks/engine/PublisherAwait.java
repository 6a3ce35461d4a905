package io.bgtasks.engine;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Waits for a Reactive Streams {@link Publisher} to complete, ignoring its items: what an async task returning a
 * publisher means by "done". A plain subscriber keeps Reactor off core's dependencies.
 */
final class PublisherAwait {
    private PublisherAwait() {
    }

    /**
     * @param publisher a task's result
     * @throws ExecutionException carrying the error the publisher signalled
     * @throws InterruptedException when the waiting thread is interrupted (the subscription is cancelled)
     */
    static void await(Publisher<?> publisher) throws ExecutionException, InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Subscription> subscription = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<Object>() {
            @Override
            public void onSubscribe(Subscription s) {
                subscription.complete(s);
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Object item) {
                // the items are the task's business; completion is ours
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        try {
            done.get();
        } catch (InterruptedException e) {
            subscription.thenAccept(Subscription::cancel);
            throw e;
        }
    }
}
