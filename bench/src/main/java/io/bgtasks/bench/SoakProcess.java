package io.bgtasks.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's handle on one {@link SoakChild} JVM: starts it, reads its lines on a thread (latest memory,
 * acknowledged count) and ends it, gently (stdin closed) or with SIGKILL ({@link Process#destroyForcibly} on Linux).
 */
final class SoakProcess {
    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile long heap = -1;
    private volatile long heapAfterGc = -1;
    private volatile long rss = -1;
    private volatile long acked;
    private volatile long failed;
    private volatile boolean finalCount;

    private SoakProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("soak-read-" + process.pid()).start(this::read);
    }

    static SoakProcess start(String role, Backends backend) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Path.of(SoakProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(List.of(Knobs.env("SOAK_CHILD_OPTS", "-Xmx256m").split("\\s+")));
        cmd.addAll(List.of("-cp", jar, SoakChild.class.getName(), role, backend.name));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("SOAK_BACKEND", backend.name);
        SoakProcess p = new SoakProcess(pb.start());
        if (!p.ready.await(120, TimeUnit.SECONDS)) {
            p.kill();
            throw new IllegalStateException("the soak " + role + " did not start within 120 s");
        }
        return p;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "ready" -> ready.countDown();
                    case "mem" -> {
                        heap = Long.parseLong(f[1]);
                        heapAfterGc = Long.parseLong(f[2]);
                        rss = Long.parseLong(f[3]);
                    }
                    case "acked", "final" -> {
                        acked = Long.parseLong(f[1]);
                        failed = Long.parseLong(f[2]);
                        finalCount = f[0].equals("final");
                    }
                    default -> System.err.println("[soak child " + process.pid() + "] " + line);
                }
            }
        } catch (IOException e) {
            // killed: its output ends
        } finally {
            ended.countDown();
        }
    }

    long pid() {
        return process.pid();
    }

    long heap() {
        return heap;
    }

    long heapAfterGc() {
        return heapAfterGc;
    }

    long rss() {
        return rss;
    }

    long acked() {
        return acked;
    }

    long failed() {
        return failed;
    }

    /** SIGKILL: no shutdown hook, no hand-back of leased work, as when the host dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Closes its stdin and waits for it to end (a producer prints its final count first). */
    void stop() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
        ended.await(10, TimeUnit.SECONDS);
    }

    boolean finalCount() {
        return finalCount;
    }
}
