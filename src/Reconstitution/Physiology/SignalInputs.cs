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
    private readonly IReadOnlyDictionary<string, int> _compartments;

    /// <summary>Creates an empty declaration.</summary>
    /// <param name="compartments">The network index of every compartment (all are defined before the signals).</param>
    public SignalInputs(IReadOnlyDictionary<string, int> compartments) => _compartments = compartments;

    /// <summary>The declared compartment names, in order (the signal's compartment list).</summary>
    public string[] Names => [.. _names];

    /// <summary>Declares compartments as inputs (appended in this order) and returns their slice.</summary>
    /// <param name="names">Compartment names, none declared before.</param>
    /// <returns>The slice of these inputs, in this order.</returns>
    public InputSlice Add(IEnumerable<string> names)
    {
        var indices = new List<int>();
        foreach (string n in names)
        {
            if (_names.Contains(n)) throw new ArgumentException($"Signal input '{n}' declared twice.", nameof(names));
            indices.Add(_compartments.TryGetValue(n, out int index) ? index : throw new ArgumentException($"Signal input '{n}' is not a compartment.", nameof(names)));
            _names.Add(n);
        }
        return new InputSlice([.. indices]);
    }

    /// <summary>A slice of already declared inputs, in the order given (to sum across another grouping).</summary>
    /// <param name="names">Declared compartment names.</param>
    /// <returns>Their slice.</returns>
    public InputSlice Of(IEnumerable<string> names)
    {
        var indices = new List<int>();
        foreach (string n in names)
            indices.Add(_names.Contains(n) ? _compartments[n] : throw new ArgumentException($"Signal input '{n}' was not declared.", nameof(names)));
        return new InputSlice([.. indices]);
    }
}

/// <summary>
/// Some declared inputs of a signal (see <see cref="SignalInputs"/>), held as network compartment indices resolved once when
/// the structure is built, so a sum reads the counts directly (no lookup through the signal's input list). A readonly
/// struct holding its length and first two indices itself, so the common two-input sum (one stem in both origins) reads no array.
/// </summary>
internal readonly struct InputSlice
{
    private readonly int[] _compartments;
    private readonly int _first, _second, _length;

    /// <summary>Creates a slice.</summary>
    /// <param name="compartments">Network indices of declared inputs, in summation order.</param>
    public InputSlice(int[] compartments)
    {
        _compartments = compartments;
        _first = compartments.Length > 0 ? compartments[0] : -1;
        _second = compartments.Length > 1 ? compartments[1] : -1;
        _length = compartments.Length;
    }

    /// <summary>The network compartment indices, in summation order (read with <see cref="RateInputs.CountOf"/>).</summary>
    public ReadOnlySpan<int> Compartments => _compartments;

    /// <summary>The sum of the slice's counts, added in slice order.</summary>
    /// <param name="x">The signal's inputs (by reference: the struct holds four spans, too large to copy per call).</param>
    /// <returns>The sum.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Sum(in RateInputs x)
    {
        // Most slices are one stem in both origins: two inputs, summed without the loop (0 + a + b = a + b exactly).
        // The length held in the struct: the test needs no load of the array first.
        if (_length == 2) return x.CountOf(_first) + x.CountOf(_second);
        if (_length == 1) return x.CountOf(_first);
        double s = 0;
        foreach (int c in _compartments) s += x.CountOf(c);
        return s;
    }
}
