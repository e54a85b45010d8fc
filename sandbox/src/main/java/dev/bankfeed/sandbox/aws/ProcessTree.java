package dev.bankfeed.sandbox.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a started process together with every process it spawned (a server's workers, a child JVM). */
public final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Asks the process and its descendants to terminate, kills those still alive after {@code graceSeconds},
     * and returns every process of the tree, so that a test can check that none is left.
     */
    public static List<ProcessHandle> destroy(Process process, int graceSeconds) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        try {
            CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(graceSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        return tree;
    }
}
