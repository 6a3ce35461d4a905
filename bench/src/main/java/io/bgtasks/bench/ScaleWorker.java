package io.bgtasks.bench;

import io.micronaut.context.ApplicationContext;

import java.io.IOException;

/**
 * One worker process of the scale run ({@link ScaleScenario}): a Redis worker context on the given key prefix that
 * says {@code ready} on stdout once started and runs until its stdin closes (the coordinator ends it), then prints
 * its own CPU seconds.
 */
public final class ScaleWorker {
    private ScaleWorker() {
    }

    public static void main(String[] args) throws IOException {
        try (ApplicationContext worker = Backends.REDIS.worker(args[0], Knobs.C)) {
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // the coordinator never writes; end of input means stop
            }
        }
        System.out.println("cpu " + CpuMeter.jvmSeconds());
        System.exit(0);
    }
}
