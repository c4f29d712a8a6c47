using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reconstitution.Kernel;

/// <summary>
/// The future event list, ordered by time, then priority (lower first), then insertion sequence
/// (earlier first): a ladder queue with one rung, a top list and a short sorted bottom.
/// </summary>
/// <remarks>
/// <para>
/// <b>Tiers.</b> After the ladder queue of Tang, Goh and Thng (2005, <i>ACM TOMACS</i>
/// 15(3):175–204), with a single rung. Every event time <c>t</c> has a rung coordinate
/// <c>d = (t − start) × scale</c>, a monotone function of <c>t</c> for fixed (start, scale).
/// Events with <c>d</c> below the bottom limit are in the bottom; events with <c>⌊d⌋ = b</c> for
/// the rung's buckets <c>b ∈ [next, count)</c> are in bucket <c>b</c>, an unsorted singly linked
/// list; events with <c>d ≥ count</c> are in the top, another unsorted list. Because <c>d</c> is
/// monotone, every bottom event precedes every bucket event, bucket <c>b</c> precedes bucket
/// <c>b + 1</c>, and the last bucket precedes the top, so only the bottom needs the exact
/// (time, priority, sequence) comparison. A push is a subtraction, a multiplication and a list
/// insertion; when the bottom runs empty, the next non-empty bucket is sorted into it; when the
/// buckets are exhausted, the top becomes a new rung of four buckets per event spanning the top's
/// [minimum, maximum]. For exponentially distributed delays a bucket then holds one or two events
/// when it is reached, and a hold (pop, then push) is O(1) on average. When the top's times are
/// all equal, or their span gives no finite positive scale, the top goes into the bottom whole
/// and the rung becomes empty, with the bottom limit set so that later events up to the top's
/// maximum join the bottom.
/// </para>
/// <para>
/// <b>Bottom.</b> Up to 32 entries, a sorted array popped from its head, filled by insertion from
/// its tail. Beyond that (a crowded bucket, or many events at one time) it becomes a 4-ary min-heap
/// (a sorted array already is one) until it runs empty, so the worst case is a heap's O(log n)
/// rather than a sorted list's O(n). The heap's sift-down is Floyd's bottom-up variant with a
/// branch-free choice of the smallest of four children.
/// </para>
/// <para>
/// <b>Entries.</b> Bottom entries are 16-byte structs without object references: (time, priority,
/// slot). The event itself and its (time, priority, sequence, list link) sit in side tables
/// indexed by the slot. Keeping references out of the moved entries matters: each move would
/// otherwise pay a GC write barrier. The sequence is read only when time and priority are both
/// equal.
/// </para>
/// <para>
/// <b>Slots.</b> An event gets a slot when it is pushed and keeps it until <see cref="Release"/>.
/// The simulation releases a slot once the event is processed, except for pooled timeouts, which
/// keep theirs for their whole life, so re-queueing a recycled timeout writes no reference at all.
/// </para>
/// </remarks>
internal sealed class EventQueue
{
    private const int Arity = 4;
    private const int InitialCapacity = 64;
    private const int None = -1;

    /// <summary>Rung buckets per event of the top it is built from (timeout chain, with a heap bottom: 1 → 1.07×, 2 → 1.16×, 4 → 1.19×, 8 → 1.15× the PriorityQueue loop).</summary>
    private const int BucketsPerEvent = 4;

    /// <summary>A rung has at most this many events' worth of buckets (a bound on its array, not on the queue).</summary>
    private const int MaxRungEvents = 1 << 24;

    /// <summary>The most entries the bottom keeps as a sorted array; beyond that it is a heap until it runs empty.</summary>
    private const int SortedBottomLimit = 32;

    private Entry[] _bottom = new Entry[InitialCapacity];
    private int _bottomHead;
    private int _bottomTail;
    private bool _bottomIsHeap;
    private int _queued;

    private EventRef[] _events = new EventRef[InitialCapacity];
    private Node[] _nodes = new Node[InitialCapacity];

    /// <summary>Each slot's insertion sequence, apart from its node: read only to break ties, so the nodes stay 16 bytes.</summary>
    private long[] _sequences = new long[InitialCapacity];
    private int[] _freeSlots = new int[InitialCapacity];
    private int _freeCount;
    private int _slotsUsed;
    private long _nextSequence;

    // The rung: coordinates d = (time − _rungStart) × _rungScale; bottom below _bottomLimit, bucket ⌊d⌋
    // for d in [_nextBucket, _bucketCount), top above. Initially (start −∞, so d = +∞) every event
    // goes to the top, and the first pop builds the first rung.
    private int[] _buckets = new int[InitialCapacity];
    private int _bucketCount;
    private int _nextBucket;
    private double _rungStart = double.NegativeInfinity;
    private double _rungScale = 1;
    private double _bottomLimit;

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

    /// <summary>What the queue knows of a slot's event: its time and priority, and its link while in a bucket or the top.</summary>
    private struct Node
    {
        public double Time;
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
            if (_bottomHead == _bottomTail) Refill();
            return _bottom[_bottomHead].Time;
        }
    }

    /// <summary>Adds an event; it gets the next insertion sequence number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(SimEvent e, double time, int priority) => Push(e, time, priority, _nextSequence++);

    /// <summary>Takes the next insertion sequence number without adding an event (for <see cref="Push(SimEvent, double, int, long)"/> later).</summary>
    public long ReserveSequence() => _nextSequence++;

    /// <summary>
    /// Whether the first queued event comes before the key (<paramref name="time"/>, <paramref name="priority"/>,
    /// <paramref name="sequence"/>) in queue order.
    /// </summary>
    public bool HasEventBefore(double time, int priority, long sequence)
    {
        if (_queued == 0) return false;
        if (_bottomHead == _bottomTail) Refill();
        ref Entry first = ref _bottom[_bottomHead];
        return first.Time < time
            || (first.Time == time && (first.Priority < priority || (first.Priority == priority && _sequences[first.Slot] < sequence)));
    }

    /// <summary>Adds an event with an insertion sequence number taken before (<see cref="ReserveSequence"/>).</summary>
    public void Push(SimEvent e, double time, int priority, long sequence)
    {
        int slot = e._slot;
        if (slot < 0) slot = AssignSlot(e);
        _sequences[slot] = sequence;
        ref Node node = ref _nodes[slot];
        if (_queued == 0)
        {
            // An empty queue starts at this event: it is the whole bottom (what InsertBottom would make of it, without its checks).
            StartAt(time);
            _queued = 1;
            _bottom[0] = new Entry { Time = time, Priority = priority, Slot = slot };
            _bottomTail = 1;
            return;
        }

        _queued++;

        double d = (time - _rungStart) * _rungScale;
        if (d < _bottomLimit)
        {
            InsertBottom(new Entry { Time = time, Priority = priority, Slot = slot });
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

    /// <summary>
    /// Resets the coordinates of an empty queue around its next event, as a top of equal times becomes the bottom: times up to
    /// <paramref name="time"/> go to the bottom (the event itself is put there by the caller), later ones to the top. A queue that runs empty between events (one daily event
    /// waiting at a time) then pushes into the bottom and pops without building a rung from the top each time.
    /// </summary>
    private void StartAt(double time)
    {
        _bottomHead = 0;
        _bottomTail = 0;
        _bottomIsHeap = false;
        _rungStart = time;
        _rungScale = 1;
        _bucketCount = 0;
        _nextBucket = 0;
        _bottomLimit = double.Epsilon;
    }

    /// <summary>Removes and returns the first event; only valid when <see cref="Count"/> &gt; 0.</summary>
    public SimEvent Pop()
    {
        if (_bottomHead == _bottomTail) Refill();
        return PopFirst();
    }

    /// <summary>Removes and returns the first event right after <see cref="MinTime"/> was read (so the bottom is not empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SimEvent PopFirst()
    {
        _queued--;
        int slot = _bottom[_bottomHead].Slot;
        if (!_bottomIsHeap) _bottomHead++;
        else RemoveHeapRoot();
        return _events[slot].Event!;
    }

    /// <summary>
    /// The event <see cref="PopFirst"/> would return next, or null when the queue is empty: for prefetching only (an event pushed
    /// before that pop may come first). It fills the bottom now if it ran empty, which the next pop would do anyway.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SimEvent? PeekNext()
    {
        if (_queued == 0) return null;
        if (_bottomHead == _bottomTail) Refill();
        return _events[_bottom[_bottomHead].Slot].Event;
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
                Array.Resize(ref _sequences, size);
                Array.Resize(ref _freeSlots, size);
            }

            slot = _slotsUsed++;
        }

        _events[slot].Event = e;
        e._slot = slot;
        return slot;
    }

    /// <summary>Adds an entry to the bottom: by insertion while it is a short sorted array, else as a heap.</summary>
    private void InsertBottom(Entry entry)
    {
        if (!_bottomIsHeap && _bottomTail - _bottomHead >= SortedBottomLimit) BottomToHeap();
        if (_bottomTail == _bottom.Length)
        {
            if (_bottomHead > 0) ShiftBottomToStart();
            else Array.Resize(ref _bottom, _bottom.Length * 2);
        }

        ref Entry first = ref MemoryMarshal.GetArrayDataReference(_bottom);
        if (_bottomIsHeap)
        {
            SiftUp(ref first, _bottomTail++, entry);
            return;
        }

        int i = _bottomTail++;
        while (i > _bottomHead && Before(in entry, in Unsafe.Add(ref first, i - 1)))
        {
            Unsafe.Add(ref first, i) = Unsafe.Add(ref first, i - 1);
            i--;
        }

        Unsafe.Add(ref first, i) = entry;
    }

    /// <summary>Makes the sorted bottom a heap: an ascending array already is one, once it starts at index 0.</summary>
    private void BottomToHeap()
    {
        ShiftBottomToStart();
        _bottomIsHeap = true;
    }

    private void ShiftBottomToStart()
    {
        Array.Copy(_bottom, _bottomHead, _bottom, 0, _bottomTail - _bottomHead);
        _bottomTail -= _bottomHead;
        _bottomHead = 0;
    }

    private void RemoveHeapRoot()
    {
        int n = --_bottomTail;
        ref Entry root = ref MemoryMarshal.GetArrayDataReference(_bottom);
        if (n > 0) SiftDown(ref root, n, Unsafe.Add(ref root, n));
    }

    /// <summary>Fills the empty bottom from the next non-empty bucket, building a new rung from the top when the buckets are exhausted.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Refill()
    {
        _bottomHead = 0;
        _bottomTail = 0;
        _bottomIsHeap = false;
        while (_queued > 0)
        {
            int[] buckets = _buckets;
            int b = _nextBucket, end = Math.Min(_bucketCount, buckets.Length);
            while (b < end && buckets[b] == None) b++;
            if (b < end)
            {
                _nextBucket = b + 1;
                _bottomLimit = b + 1;
                MoveToBottom(buckets[b]);
                return;
            }

            BuildRungFromTop();
            if (_bottomTail > 0) return;
        }
    }

    /// <summary>Turns the top into a new rung (or, when its times do not spread, into the bottom).</summary>
    private void BuildRungFromTop()
    {
        int count = _topCount;
        double min = _topMin, max = _topMax;
        int head = _topHead;
        _topHead = None;
        _topCount = 0;
        _topMin = double.PositiveInfinity;
        _topMax = double.NegativeInfinity;

        int spanBuckets = Math.Min(count, MaxRungEvents) * BucketsPerEvent;
        double scale = spanBuckets / (max - min);
        if (count > 1 && double.IsFinite(scale) && scale > 0)
        {
            // (t − min) × scale ≤ (max − min) × scale = spanBuckets × (1 + a few ulp) < spanBuckets + 1.
            int buckets = spanBuckets + 1;
            if (_buckets.Length < buckets) _buckets = new int[Math.Max(buckets, _buckets.Length * 2)];
            Array.Fill(_buckets, None, 0, buckets);
            _rungStart = min;
            _rungScale = scale;
            _bucketCount = buckets;
            _nextBucket = 0;
            _bottomLimit = 0;
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
            _bottomLimit = double.Epsilon;
            MoveToBottom(head);
        }
    }

    /// <summary>Moves a bucket's (or the top's) list into the empty bottom.</summary>
    private void MoveToBottom(int head)
    {
        Node[] nodes = _nodes;
        Entry[] bottom = _bottom;
        ref Node node = ref nodes[head];
        bottom[0] = new Entry { Time = node.Time, Priority = node.Priority, Slot = head };

        // A bucket holds one or two events as a rule: sort them in by insertion here, without InsertBottom's checks, while
        // they fit the sorted bottom and its array.
        int n = 1, limit = Math.Min(SortedBottomLimit, bottom.Length);
        for (head = node.Next; head != None && n < limit; head = node.Next)
        {
            node = ref nodes[head];
            var entry = new Entry { Time = node.Time, Priority = node.Priority, Slot = head };
            int i = n++;
            while (i > 0 && Before(in entry, in bottom[i - 1]))
            {
                bottom[i] = bottom[i - 1];
                i--;
            }

            bottom[i] = entry;
        }

        _bottomTail = n;
        for (; head != None; head = node.Next)
        {
            node = ref nodes[head];
            InsertBottom(new Entry { Time = node.Time, Priority = node.Priority, Slot = head });
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
        a.Priority < b.Priority || (a.Priority == b.Priority && _sequences[a.Slot] < _sequences[b.Slot]);
}
