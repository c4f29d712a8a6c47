namespace Reconstitution.Kernel.Resources;

/// <summary>
/// The waiting line of a shared resource: an intrusive doubly linked list of <see cref="ResourceEvent"/>s ordered by
/// rank (lower first), equal ranks in arrival order. Enqueueing at equal rank, dequeueing and removing a
/// cancelled event cost O(1) and allocate nothing; a better-ranked arrival walks back from the tail past the
/// worse-ranked waiters.
/// </summary>
internal sealed class RequestQueue
{
    private ResourceEvent? _head;
    private ResourceEvent? _tail;

    public int Count { get; private set; }

    public ResourceEvent? Head => _head;

    public void Enqueue(ResourceEvent e)
    {
        ResourceEvent? after = _tail;
        while (after is not null && after._rank > e._rank) after = after._prev;
        e._prev = after;
        e._next = after is null ? _head : after._next;
        if (e._next is null) _tail = e;
        else e._next._prev = e;
        if (after is null) _head = e;
        else after._next = e;
        Count++;
    }

    public ResourceEvent Dequeue()
    {
        ResourceEvent e = _head!;
        Remove(e);
        return e;
    }

    public void Remove(ResourceEvent e)
    {
        if (e._prev is null) _head = e._next;
        else e._prev._next = e._next;
        if (e._next is null) _tail = e._prev;
        else e._next._prev = e._prev;
        e._prev = e._next = null;
        Count--;
    }
}
