package dev.bankfeed.testing;

import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Lets one request of a client reach the server at a time. moto_server handles concurrent requests on threads
 * without a lock around a conditional write's check and write, so two concurrent writes to one item can both
 * pass their conditions, which DynamoDB never allows. Tests that run workers concurrently against moto serialize
 * their DynamoDB calls with this, so they test our concurrency (leases, slots, claims) against DynamoDB's
 * semantics rather than against the emulator's race. The workers' own code still runs concurrently.
 */
public final class OneCallAtATime implements ExecutionInterceptor {

    private final ReentrantLock lock = new ReentrantLock(true);

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        lock.lock();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        releaseAll();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        releaseAll();
    }

    /** An attempt that failed in transit never reaches afterTransmission; its retry takes the lock again. */
    private void releaseAll() {
        while (lock.isHeldByCurrentThread()) {
            lock.unlock();
        }
    }
}
