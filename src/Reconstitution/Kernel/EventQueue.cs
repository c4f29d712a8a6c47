using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reconstitution.Kernel;

/// <summary>
/// The future event list: a 4-ary min-heap ordered by time, then priority (lower first), then
/// insertion sequence (earlier first).
/// </summary>
/// <remarks>
/// <para>
/// Heap entries are 16-byte structs without object references: (time, priority, slot). The
/// event itself and its sequence number sit in side tables indexed by the slot. Keeping
/// references out of the heap array matters: every entry moved during a sift would otherwise pay
/// a GC write barrier, which costs more than the comparisons. The sequence is read only when time
/// and priority are both equal.
/// </para>
/// <para>
/// Slots: an event gets a slot when it is pushed and keeps it until <see cref="Release"/>. The
/// simulation releases a slot once the event is processed, except for pooled timeouts, which keep
/// theirs for their whole life, so re-queueing a recycled timeout writes no reference at all.
/// </para>
/// <para>
/// Removal is lazy: <see cref="Pop"/> leaves the root entry in place, marked stale; if the next
/// operation is a push (the usual case: a process resumes and waits on a new timeout), the new
/// entry replaces the root with one sift-down instead of a removal sift-down plus an insertion
/// sift-up. Sift-down is Floyd's bottom-up variant: the hole goes down to a leaf along the
/// smaller children, then the entry moves up to its place, which saves a comparison per level
/// because a new or last entry usually belongs near the bottom.
/// </para>
/// </remarks>
internal sealed class EventQueue
{
    private const int Arity = 4;
    private const int InitialCapacity = 64;

    private Entry[] _heap = new Entry[InitialCapacity];
    private int _count;
    private bool _rootStale;

    private EventRef[] _events = new EventRef[InitialCapacity];
    private long[] _sequences = new long[InitialCapacity];
    private int[] _freeSlots = new int[InitialCapacity];
    private int _freeCount;
    private int _slotsUsed;
    private long _nextSequence;

    [StructLayout(LayoutKind.Sequential)]
    private struct Entry
    {
        public double Time;
        public int Priority;
        public int Slot;
    }

    /// <summary>A reference wrapped in a struct, so array stores skip the covariance check.</summary>
    private struct EventRef
    {
        public SimEvent? Event;
    }

    /// <summary>Gets how many events are queued.</summary>
    public int Count => _rootStale ? _count - 1 : _count;

    /// <summary>Gets the earliest time in the queue; only valid when <see cref="Count"/> &gt; 0.</summary>
    public double MinTime
    {
        get
        {
            if (_rootStale) RemoveStaleRoot();
            return _heap[0].Time;
        }
    }

    /// <summary>Adds an event; it gets the next insertion sequence number.</summary>
    public void Push(SimEvent e, double time, int priority)
    {
        int slot = e._slot;
        if (slot < 0) slot = AssignSlot(e);
        _sequences[slot] = _nextSequence++;

        var entry = new Entry { Time = time, Priority = priority, Slot = slot };
        if (_rootStale)
        {
            _rootStale = false;
            SiftDown(ref MemoryMarshal.GetArrayDataReference(_heap), _count, entry);
            return;
        }

        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        SiftUp(ref MemoryMarshal.GetArrayDataReference(_heap), _count++, entry);
    }

    /// <summary>Removes and returns the first event; only valid when <see cref="Count"/> &gt; 0.</summary>
    public SimEvent Pop()
    {
        if (_rootStale) RemoveStaleRoot();
        _rootStale = true;
        return _events[_heap[0].Slot].Event!;
    }

    /// <summary>Frees the slot of an event that has left the queue and will not be pushed again under it.</summary>
    public void Release(SimEvent e)
    {
        int slot = e._slot;
        if (slot < 0) return;
        e._slot = -1;
        _events[slot].Event = null;
        _freeSlots[_freeCount++] = slot;
    }

    private int AssignSlot(SimEvent e)
    {
        int slot;
        if (_freeCount > 0)
        {
            slot = _freeSlots[--_freeCount];
        }
        else
        {
            if (_slotsUsed == _events.Length)
            {
                int size = _events.Length * 2;
                Array.Resize(ref _events, size);
                Array.Resize(ref _sequences, size);
                Array.Resize(ref _freeSlots, size);
            }

            slot = _slotsUsed++;
        }

        _events[slot].Event = e;
        e._slot = slot;
        return slot;
    }

    private void RemoveStaleRoot()
    {
        _rootStale = false;
        int n = --_count;
        ref Entry root = ref MemoryMarshal.GetArrayDataReference(_heap);
        if (n > 0) SiftDown(ref root, n, Unsafe.Add(ref root, n));
    }

    // Indexing below is by Unsafe.Add within [0, n): every child index is checked against n and
    // every parent index is smaller than its child, so no access leaves the array.

    /// <summary>Puts <paramref name="x"/> into the hole at the root of a heap of <paramref name="n"/> entries.</summary>
    /// <remarks>Not inlined: inside the large process step it would run out of registers and spill its loop variables.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SiftDown(ref Entry root, int n, Entry x)
    {
        int hole = 0;
        while (true)
        {
            int first = hole * Arity + 1;
            int best;
            if (first + (Arity - 1) < n)
            {
                // Four children: a branch-free tournament on time (the comparisons of a heap are
                // unpredictable, so mispredicted branches dominate its cost). Any tie in a match
                // goes to the exact comparison below.
                ref Entry c = ref Unsafe.Add(ref root, first);
                double t0 = c.Time;
                double t1 = Unsafe.Add(ref c, 1).Time;
                double t2 = Unsafe.Add(ref c, 2).Time;
                double t3 = Unsafe.Add(ref c, 3).Time;
                int i01 = t1 < t0 ? 1 : 0;
                int i23 = t3 < t2 ? 3 : 2;
                double m01 = double.MinNative(t0, t1);
                double m23 = double.MinNative(t2, t3);
                int second = m23 < m01 ? 1 : 0;
                best = first + i01 + (second * (i23 - i01));
                if (t0 == t1 || t2 == t3 || m01 == m23) best = MinChild(ref root, first, first + Arity);
            }
            else if (first < n)
            {
                best = MinChild(ref root, first, n);
            }
            else
            {
                break;
            }

            Unsafe.Add(ref root, hole) = Unsafe.Add(ref root, best);
            hole = best;
        }

        SiftUp(ref root, hole, x);
    }

    /// <summary>The index of the first of the entries [<paramref name="first"/>, <paramref name="end"/>) in queue order.</summary>
    private int MinChild(ref Entry root, int first, int end)
    {
        int best = first;
        for (int c = first + 1; c < end; c++)
        {
            if (Before(in Unsafe.Add(ref root, c), in Unsafe.Add(ref root, best))) best = c;
        }

        return best;
    }

    /// <summary>Puts <paramref name="x"/> into the hole at <paramref name="hole"/>, moving it up past later parents.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SiftUp(ref Entry root, int hole, Entry x)
    {
        while (hole > 0)
        {
            int parent = (hole - 1) >> 2;
            ref Entry p = ref Unsafe.Add(ref root, parent);
            if (!Before(in x, in p)) break;
            Unsafe.Add(ref root, hole) = p;
            hole = parent;
        }

        Unsafe.Add(ref root, hole) = x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Before(in Entry a, in Entry b) =>
        a.Time < b.Time || (a.Time == b.Time && TieBefore(in a, in b));

    private bool TieBefore(in Entry a, in Entry b) =>
        a.Priority < b.Priority || (a.Priority == b.Priority && _sequences[a.Slot] < _sequences[b.Slot]);
}
