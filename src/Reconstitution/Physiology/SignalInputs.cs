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

/// <summary>Positions of some inputs of a signal (see <see cref="SignalInputs"/>).</summary>
internal sealed class InputSlice
{
    private readonly int[] _positions;

    /// <summary>Creates a slice.</summary>
    /// <param name="positions">Input positions, in summation order.</param>
    public InputSlice(int[] positions) => _positions = positions;

    /// <summary>The positions, in summation order.</summary>
    public ReadOnlySpan<int> Positions => _positions;

    /// <summary>The sum of the slice's counts, added in slice order.</summary>
    /// <param name="x">The signal's inputs.</param>
    /// <returns>The sum.</returns>
    public double Sum(RateInputs x)
    {
        double s = 0;
        foreach (int p in _positions) s += x.Count(p);
        return s;
    }
}
