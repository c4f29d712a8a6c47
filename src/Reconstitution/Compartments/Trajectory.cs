namespace Reconstitution.Compartments;

/// <summary>
/// Counts of every compartment sampled at a sequence of times, stored as one column per
/// compartment (struct-of-arrays): compact, and a compartment's time series is a contiguous span.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class Trajectory
{
    private readonly double[] _times;
    private readonly double[][] _columns;
    private readonly Dictionary<string, int> _index;

    internal Trajectory(string[] compartmentNames, double[] times, double[][] columns)
    {
        CompartmentNames = compartmentNames;
        _times = times;
        _columns = columns;
        _index = new Dictionary<string, int>(compartmentNames.Length, StringComparer.Ordinal);
        for (int i = 0; i < compartmentNames.Length; i++) _index[compartmentNames[i]] = i;
    }

    /// <summary>The compartment names, in column order.</summary>
    public IReadOnlyList<string> CompartmentNames { get; }

    /// <summary>The number of samples (time points).</summary>
    public int Count => _times.Length;

    /// <summary>The sample times in days, non-decreasing.</summary>
    public ReadOnlySpan<double> TimesDays => _times;

    /// <summary>The counts of one compartment at every sample time.</summary>
    /// <param name="compartment">The compartment index.</param>
    /// <returns>A span of length <see cref="Count"/>.</returns>
    public ReadOnlySpan<double> Values(int compartment)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(compartment);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(compartment, _columns.Length);
        return _columns[compartment];
    }

    /// <summary>The counts of one compartment at every sample time.</summary>
    /// <param name="compartment">The compartment name.</param>
    /// <returns>A span of length <see cref="Count"/>.</returns>
    /// <exception cref="ArgumentException">No compartment has that name.</exception>
    public ReadOnlySpan<double> Values(string compartment)
    {
        ArgumentNullException.ThrowIfNull(compartment);
        return _index.TryGetValue(compartment, out int i) ? _columns[i]
            : throw new ArgumentException($"Unknown compartment '{compartment}'.", nameof(compartment));
    }

    /// <summary>The count of a compartment at a sample.</summary>
    /// <param name="sample">The sample index, 0 ≤ sample &lt; <see cref="Count"/>.</param>
    /// <param name="compartment">The compartment index.</param>
    public double this[int sample, int compartment] => Values(compartment)[sample];
}
