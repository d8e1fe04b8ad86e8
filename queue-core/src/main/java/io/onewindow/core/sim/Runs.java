package io.onewindow.core.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent simulation runs, up to {@code parallelism} at once, and returns their results in task order
 * (so that pooling them is deterministic). Immutable (static); each run is confined to one worker thread.
 */
final class Runs {

    private Runs() {
    }

    static List<RunResult> all(List<Callable<RunResult>> tasks, int parallelism) {
        int threads = Math.min(parallelism, tasks.size());
        if (threads <= 1) {
            List<RunResult> out = new ArrayList<>(tasks.size());
            for (Callable<RunResult> t : tasks) {
                try {
                    out.add(t.call());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "simulation-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<RunResult> out = new ArrayList<>(tasks.size());
            for (Future<RunResult> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while simulating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
