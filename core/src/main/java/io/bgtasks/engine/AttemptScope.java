package io.bgtasks.engine;

/**
 * What a {@link TaskObserver} keeps open around one attempt of a step, on the thread that runs it (a tracing span that
 * is current while the task runs, so that the task's own spans nest under it). The executor closes it as soon as the
 * task returned or threw, before the outcome is stored.
 */
public interface AttemptScope extends AutoCloseable {
    /** Keeps nothing open. */
    AttemptScope NONE = () -> {
    };

    /**
     * The attempt threw; called before {@link #close()}.
     *
     * @param error what the task threw
     */
    default void failed(Throwable error) {
    }

    /** The attempt ended. Must not throw. */
    @Override
    void close();
}
