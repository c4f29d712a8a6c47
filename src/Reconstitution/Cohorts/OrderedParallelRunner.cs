using System.Runtime.ExceptionServices;

namespace Reconstitution.Cohorts;

/// <summary>
/// Runs independent work items 0…n−1 on several threads and hands the results to a consumer
/// strictly in index order, holding at most a bounded window of finished results in memory.
/// </summary>
/// <remarks>
/// <para>
/// In-order delivery is what makes a cohort's files byte-identical for any thread count: each
/// item's result depends only on its index (its random stream derives from (seed, index)), and the
/// consumer sees the same sequence whatever the interleaving.
/// </para>
/// <para>
/// Memory: a worker that runs more than <c>window</c> items ahead of the consumer waits, so at most
/// <c>window</c> results are buffered. Cancellation: workers take no new item once the token is
/// cancelled, finish the one they hold, and every finished item is delivered before
/// <see cref="OperationCanceledException"/> is thrown; since items are taken in order, what was
/// delivered is a contiguous prefix 0…k−1. An exception in a work item stops the others and is
/// rethrown (the first one, by index) after the earlier items were delivered.
/// </para>
/// </remarks>
internal static class OrderedParallelRunner
{
    /// <summary>Runs <paramref name="work"/> for every index and delivers results in order.</summary>
    /// <param name="count">Number of items.</param>
    /// <param name="threads">Worker threads, ≥ 1.</param>
    /// <param name="work">Computes the result of one index; must be thread-safe across indices.</param>
    /// <param name="consume">Receives (index, result) in ascending index order, on the calling thread.</param>
    /// <param name="cancellationToken">Stops taking new items.</param>
    /// <returns>The number of items delivered.</returns>
    public static int Run<T>(int count, int threads, Func<int, T> work, Action<int, T> consume, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        int window = Math.Max(4 * threads, 16);
        // The consumer, once it has caught up, sleeps until a batch of results is ready (or nothing more can come) rather
        // than waking for every result: ≈ 1,000 wake-ups of a 1,000-patient run became ≈ 250 (issue 15). Less than the
        // window, so the workers can finish a whole batch without waiting for the consumer.
        int batch = Math.Max(1, Math.Min(2 * threads, window / 4));
        var slots = new Slot<T>[window];
        var gate = new object();
        int next = 0;          // next index to hand out
        int delivered = 0;     // next index the consumer waits for
        bool stop = false;
        int workers = Math.Min(threads, Math.Max(count, 1));
        int running = workers;

        // Under the lock: whether the next undelivered result and the last of its batch are both done.
        bool BatchReady()
        {
            int last = Math.Min(delivered + batch, count) - 1;
            return delivered < count && slots[delivered % window].Done && slots[last % window].Done;
        }

        void Worker()
        {
            while (true)
            {
                int index;
                lock (gate)
                {
                    while (!stop && next < count && next >= delivered + window) Monitor.Wait(gate);
                    if (stop || next >= count || cancellationToken.IsCancellationRequested) break;
                    index = next++;
                }
                Slot<T> slot;
                try
                {
                    slot = new Slot<T>(true, work(index), null);
                }
                catch (Exception ex)
                {
                    slot = new Slot<T>(true, default, ex);
                }
                lock (gate)
                {
                    slots[index % window] = slot;
                    if (slot.Error is not null) stop = true;
                    // Only a consumer waiting on the window's next batch (or an error) needs waking; nothing else waits on a result.
                    if (slot.Error is not null || BatchReady()) Monitor.PulseAll(gate);
                }
            }
            lock (gate)
            {
                running--;
                Monitor.PulseAll(gate);
            }
        }

        var pool = new Thread[workers];
        for (int w = 0; w < workers; w++)
        {
            pool[w] = new Thread(Worker) { IsBackground = true, Name = $"cohort-worker-{w}" };
            pool[w].Start();
        }

        Exception? failure = null;
        try
        {
            while (delivered < count)
            {
                Slot<T> slot;
                lock (gate)
                {
                    // Caught up: wait for the batch from here (BatchReady), or for the workers to have stopped (a failure or a
                    // cancellation: then what is done is delivered, and the loop ends at the first result not done).
                    if (!slots[delivered % window].Done)
                        while (!BatchReady() && running > 0) Monitor.Wait(gate);
                    slot = slots[delivered % window];
                    if (!slot.Done) break; // workers stopped (cancelled or failed) and nothing more is coming
                    slots[delivered % window] = default;
                }
                if (slot.Error is not null)
                {
                    failure = slot.Error;
                    break;
                }
                consume(delivered, slot.Value!);
                lock (gate)
                {
                    delivered++;
                    Monitor.PulseAll(gate);
                }
            }
        }
        catch (Exception ex)
        {
            failure ??= ex;
        }
        finally
        {
            lock (gate)
            {
                stop = true;
                Monitor.PulseAll(gate);
            }
            foreach (var t in pool) t.Join();
        }

        if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
        if (delivered < count) cancellationToken.ThrowIfCancellationRequested();
        return delivered;
    }

    private readonly record struct Slot<T>(bool Done, T? Value, Exception? Error);
}
