using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reconstitution.Kernel;

/// <summary>
/// The future event list, ordered by time, then priority (lower first), then insertion sequence
/// (earlier first): a two-tier ladder queue whose bottom is a 4-ary min-heap.
/// </summary>
/// <remarks>
/// <para>
/// <b>Tiers.</b> After the ladder queue of Tang, Goh and Thng (2005, <i>ACM TOMACS</i>
/// 15(3):175–204), with a single rung and a heap as the bottom. Every event time <c>t</c> has a
/// rung coordinate <c>d = (t − start) × scale</c>, a monotone function of <c>t</c> for fixed
/// (start, scale). Events with <c>d</c> below the heap limit are in the heap; events with
/// <c>⌊d⌋ = b</c> for the rung's buckets <c>b ∈ [next, count)</c> are in bucket <c>b</c>, an
/// unsorted singly linked list; events with <c>d ≥ count</c> are in the top, another unsorted
/// list. Because <c>d</c> is monotone, every heap event precedes every bucket event, bucket
/// <c>b</c> precedes bucket <c>b + 1</c>, and the last bucket precedes the top, so only the heap
/// needs the exact (time, priority, sequence) comparison. A push is a subtraction, a
/// multiplication and a list insertion; when the heap runs empty the next non-empty bucket is
/// moved into it; when the buckets are exhausted the top becomes a new rung of
/// <c>count + 1</c> buckets spanning its [minimum, maximum] (about one event per bucket). For
/// exponentially distributed delays this keeps the heap small and a hold (pop, then push) O(1)
/// on average; in the worst case (all events in one bucket) it is the heap's O(log n). When the
/// top's times are all equal, or their span does not give a finite positive scale, the top goes
/// into the heap whole and the rung becomes empty, with the heap limit set so that later events
/// up to the top's maximum join the heap.
/// </para>
/// <para>
/// <b>Entries.</b> Heap entries are 16-byte structs without object references: (time, priority,
/// slot). The event itself and its (time, priority, sequence, list link) sit in side tables
/// indexed by the slot. Keeping references out of the heap array matters: every entry moved
/// during a sift would otherwise pay a GC write barrier. The sequence is read only when time and
/// priority are both equal.
/// </para>
/// <para>
/// <b>Slots.</b> An event gets a slot when it is pushed and keeps it until <see cref="Release"/>.
/// The simulation releases a slot once the event is processed, except for pooled timeouts, which
/// keep theirs for their whole life, so re-queueing a recycled timeout writes no reference at all.
/// </para>
/// <para>
/// <b>Heap.</b> Removal is lazy: <see cref="Pop"/> leaves the root entry in place, marked stale;
/// if the next push goes to the heap, the new entry replaces the root with one sift-down instead
/// of a removal sift-down plus an insertion sift-up. Sift-down is Floyd's bottom-up variant with
/// a branch-free choice of the smallest of four children.
/// </para>
/// </remarks>
internal sealed class EventQueue
{
    private const int Arity = 4;
    private const int InitialCapacity = 64;
    private const int None = -1;

    private Entry[] _heap = new Entry[InitialCapacity];
    private int _heapCount;
    private bool _rootStale;
    private int _queued;

    private EventRef[] _events = new EventRef[InitialCapacity];
    private Node[] _nodes = new Node[InitialCapacity];
    private int[] _freeSlots = new int[InitialCapacity];
    private int _freeCount;
    private int _slotsUsed;
    private long _nextSequence;

    // The rung: coordinates d = (time − _rungStart) × _rungScale; heap below _heapLimit, bucket ⌊d⌋
    // for d in [_nextBucket, _bucketCount), top above. Initially (start 0, scale 1, no buckets,
    // limit 0): negative times go to the heap, the others to the top.
    private int[] _buckets = new int[InitialCapacity];
    private int _bucketCount;
    private int _nextBucket;
    private double _rungStart;
    private double _rungScale = 1;
    private double _heapLimit;

    private int _topHead = None;
    private int _topCount;
    private double _topMin = double.PositiveInfinity;
    private double _topMax = double.NegativeInfinity;

    [StructLayout(LayoutKind.Sequential)]
    private struct Entry
    {
        public double Time;
        public int Priority;
        public int Slot;
    }

    /// <summary>What the queue knows of a slot's event: its key, and its link while in a bucket or the top.</summary>
    private struct Node
    {
        public double Time;
        public long Sequence;
        public int Priority;
        public int Next;
    }

    /// <summary>A reference wrapped in a struct, so array stores skip the covariance check.</summary>
    private struct EventRef
    {
        public SimEvent? Event;
    }

    /// <summary>Gets how many events are queued.</summary>
    public int Count => _queued;

    /// <summary>Gets the earliest time in the queue; only valid when <see cref="Count"/> &gt; 0.</summary>
    public double MinTime
    {
        get
        {
            if (_rootStale || _heapCount == 0) PrepareFront();
            return _heap[0].Time;
        }
    }

    /// <summary>Adds an event; it gets the next insertion sequence number.</summary>
    public void Push(SimEvent e, double time, int priority)
    {
        int slot = e._slot;
        if (slot < 0) slot = AssignSlot(e);
        ref Node node = ref _nodes[slot];
        node.Sequence = _nextSequence++;
        _queued++;

        double d = (time - _rungStart) * _rungScale;
        if (d < _heapLimit)
        {
            PushHeap(new Entry { Time = time, Priority = priority, Slot = slot });
            return;
        }

        node.Time = time;
        node.Priority = priority;
        if (d < _bucketCount)
        {
            ref int head = ref _buckets[(int)d];
            node.Next = head;
            head = slot;
            return;
        }

        node.Next = _topHead;
        _topHead = slot;
        _topCount++;
        _topMin = Math.Min(_topMin, time);
        _topMax = Math.Max(_topMax, time);
    }

    /// <summary>Removes and returns the first event; only valid when <see cref="Count"/> &gt; 0.</summary>
    public SimEvent Pop()
    {
        if (_rootStale || _heapCount == 0) PrepareFront();
        _rootStale = true;
        _queued--;
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
                Array.Resize(ref _nodes, size);
                Array.Resize(ref _freeSlots, size);
            }

            slot = _slotsUsed++;
        }

        _events[slot].Event = e;
        e._slot = slot;
        return slot;
    }

    private void PushHeap(Entry entry)
    {
        if (_rootStale)
        {
            _rootStale = false;
            SiftDown(ref MemoryMarshal.GetArrayDataReference(_heap), _heapCount, entry);
            return;
        }

        if (_heapCount == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        SiftUp(ref MemoryMarshal.GetArrayDataReference(_heap), _heapCount++, entry);
    }

    /// <summary>Removes a stale root and, if the heap is then empty, refills it from the rung or the top.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PrepareFront()
    {
        if (_rootStale)
        {
            _rootStale = false;
            int n = --_heapCount;
            ref Entry root = ref MemoryMarshal.GetArrayDataReference(_heap);
            if (n > 0) SiftDown(ref root, n, Unsafe.Add(ref root, n));
        }

        while (_heapCount == 0 && _queued > 0)
        {
            if (_nextBucket < _bucketCount)
            {
                int head = _buckets[_nextBucket++];
                _heapLimit = _nextBucket;
                MoveToHeap(head);
            }
            else
            {
                BuildRungFromTop();
            }
        }
    }

    /// <summary>Turns the top into a new rung (or, when its times do not spread, into heap entries).</summary>
    private void BuildRungFromTop()
    {
        int count = _topCount;
        double min = _topMin, max = _topMax;
        int head = _topHead;
        _topHead = None;
        _topCount = 0;
        _topMin = double.PositiveInfinity;
        _topMax = double.NegativeInfinity;

        double scale = count / (max - min);
        if (count > 1 && double.IsFinite(scale) && scale > 0)
        {
            // (t − min) × scale ≤ (max − min) × scale = count × (1 + a few ulp) < count + 1.
            int buckets = count + 1;
            if (_buckets.Length < buckets) _buckets = new int[Math.Max(buckets, _buckets.Length * 2)];
            Array.Fill(_buckets, None, 0, buckets);
            _rungStart = min;
            _rungScale = scale;
            _bucketCount = buckets;
            _nextBucket = 0;
            _heapLimit = 0;
            Node[] nodes = _nodes;
            while (head != None)
            {
                ref Node node = ref nodes[head];
                int next = node.Next;
                ref int bucket = ref _buckets[(int)((node.Time - min) * scale)];
                node.Next = bucket;
                bucket = head;
                head = next;
            }
        }
        else
        {
            // Coordinates d = t − max: every time ≤ max has d ≤ 0 < double.Epsilon, every later
            // time has d ≥ double.Epsilon (the difference of distinct doubles is never zero).
            _rungStart = max;
            _rungScale = 1;
            _bucketCount = 0;
            _nextBucket = 0;
            _heapLimit = double.Epsilon;
            MoveToHeap(head);
        }
    }

    private void MoveToHeap(int head)
    {
        Node[] nodes = _nodes;
        while (head != None)
        {
            ref Node node = ref nodes[head];
            PushHeap(new Entry { Time = node.Time, Priority = node.Priority, Slot = head });
            head = node.Next;
        }
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
        a.Priority < b.Priority || (a.Priority == b.Priority && _nodes[a.Slot].Sequence < _nodes[b.Slot].Sequence);
}
