using System.Runtime.CompilerServices;
using Reconstitution.Compartments;

namespace Reconstitution.Physiology;

/// <summary>
/// The compartment inputs of one signal of the physiology network, declared by name in the order the network sees them,
/// with named slices (<see cref="InputSlice"/>) that the signal's function reads instead of positions: the builder writes
/// <c>neutrophils.Sum(x)</c>, never <c>x.Count(0) + x.Count(1)</c>.
/// </summary>
internal sealed class SignalInputs
{
    private readonly List<string> _names = [];

    /// <summary>The declared compartment names, in order (the signal's compartment list).</summary>
    public string[] Names => [.. _names];

    /// <summary>Declares compartments as inputs (appended in this order) and returns their slice.</summary>
    /// <param name="names">Compartment names, none declared before.</param>
    /// <returns>The slice of these inputs, in this order.</returns>
    public InputSlice Add(IEnumerable<string> names)
    {
        var positions = new List<int>();
        foreach (string n in names)
        {
            if (_names.Contains(n)) throw new ArgumentException($"Signal input '{n}' declared twice.", nameof(names));
            positions.Add(_names.Count);
            _names.Add(n);
        }
        return new InputSlice([.. positions]);
    }

    /// <summary>A slice of already declared inputs, in the order given (to sum across another grouping).</summary>
    /// <param name="names">Declared compartment names.</param>
    /// <returns>Their slice.</returns>
    public InputSlice Of(IEnumerable<string> names)
    {
        var positions = new List<int>();
        foreach (string n in names)
        {
            int i = _names.IndexOf(n);
            positions.Add(i >= 0 ? i : throw new ArgumentException($"Signal input '{n}' was not declared.", nameof(names)));
        }
        return new InputSlice([.. positions]);
    }
}

/// <summary>
/// Positions of some inputs of a signal (see <see cref="SignalInputs"/>), resolved once when the network is built. A
/// readonly struct holding the first two positions itself, so the common two-input sum (one stem in both origins) reads no
/// array.
/// </summary>
internal readonly struct InputSlice
{
    private readonly int[] _positions;
    private readonly int _first, _second;

    /// <summary>Creates a slice.</summary>
    /// <param name="positions">Input positions, in summation order.</param>
    public InputSlice(int[] positions)
    {
        _positions = positions;
        _first = positions.Length > 0 ? positions[0] : -1;
        _second = positions.Length > 1 ? positions[1] : -1;
    }

    /// <summary>The positions, in summation order.</summary>
    public ReadOnlySpan<int> Positions => _positions;

    /// <summary>The sum of the slice's counts, added in slice order.</summary>
    /// <param name="x">The signal's inputs (by reference: the struct holds four spans, too large to copy per call).</param>
    /// <returns>The sum.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Sum(in RateInputs x)
    {
        // Most slices are one stem in both origins: two inputs, summed without the loop (0 + a + b = a + b exactly).
        if (_positions.Length == 2) return x.Count(_first) + x.Count(_second);
        if (_positions.Length == 1) return x.Count(_first);
        double s = 0;
        foreach (int p in _positions) s += x.Count(p);
        return s;
    }
}
