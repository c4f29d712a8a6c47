namespace Reconstitution.Compartments;

/// <summary>
/// A log of firings, kept only when <see cref="SolverOptions.RecordFirings"/> is set: for each
/// entry the time, the transition and how many times it fired (1 for exact solvers; a leap may
/// fire a transition many times at once). Struct-of-arrays.
/// </summary>
/// <remarks>Not thread-safe; grows as the system runs.</remarks>
public sealed class FiringLog
{
    private double[] _times = new double[256];
    private int[] _transitions = new int[256];
    private int[] _firings = new int[256];

    /// <summary>The number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>The times of the entries, in days, non-decreasing.</summary>
    public ReadOnlySpan<double> TimesDays => _times.AsSpan(0, Count);

    /// <summary>The transition index of each entry (see <see cref="ReactionNetwork.TransitionIndex"/>).</summary>
    public ReadOnlySpan<int> Transitions => _transitions.AsSpan(0, Count);

    /// <summary>How many times the transition fired in each entry.</summary>
    public ReadOnlySpan<int> Firings => _firings.AsSpan(0, Count);

    internal void Add(double timeDays, int transition, int firings)
    {
        if (Count == _times.Length)
        {
            Array.Resize(ref _times, Count * 2);
            Array.Resize(ref _transitions, Count * 2);
            Array.Resize(ref _firings, Count * 2);
        }
        _times[Count] = timeDays;
        _transitions[Count] = transition;
        _firings[Count] = firings;
        Count++;
    }
}
