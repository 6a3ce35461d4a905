package io.bgtasks.arguments;

import java.util.ArrayList;
import java.util.List;

/** What the {@link TypedTasks} received, in the order they ran. */
public final class Deliveries {
    private static final List<Object> RECEIVED = new ArrayList<>();

    private Deliveries() {
    }

    static synchronized void got(Object value) {
        RECEIVED.add(value);
    }

    /** @return what was received since the last call, in order */
    public static synchronized List<Object> take() {
        List<Object> taken = new ArrayList<>(RECEIVED);
        RECEIVED.clear();
        return taken;
    }
}
