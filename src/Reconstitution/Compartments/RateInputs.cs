using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reconstitution.Compartments;

/// <summary>
/// What a user-supplied <see cref="RateFunction"/> may read: the counts and parameters it
/// declared, by their position in the declaration, and the time.
/// </summary>
/// <remarks>
/// A view over the solver's state, valid only during the call; reading it allocates nothing.
/// Declaring inputs (rather than reading any compartment by name) is what lets the network
/// know which transitions to re-evaluate after a firing.
/// </remarks>
public readonly ref struct RateInputs
{
    private readonly ReadOnlySpan<double> _counts;
    private readonly ReadOnlySpan<double> _parameters;
    private readonly ReadOnlySpan<int> _countMap;
    private readonly ReadOnlySpan<int> _parameterMap;

    internal RateInputs(ReadOnlySpan<double> counts, ReadOnlySpan<double> parameters,
        ReadOnlySpan<int> countMap, ReadOnlySpan<int> parameterMap, double timeDays)
    {
        _counts = counts;
        _parameters = parameters;
        _countMap = countMap;
        _parameterMap = parameterMap;
        TimeDays = timeDays;
    }

    /// <summary>The time in days at which the rate is evaluated.</summary>
    public double TimeDays { get; }

    /// <summary>The number of declared compartments.</summary>
    public int CountLength => _countMap.Length;

    /// <summary>The number of declared parameters.</summary>
    public int ParameterLength => _parameterMap.Length;

    /// <summary>The current count of the <paramref name="position"/>-th declared compartment.</summary>
    /// <param name="position">The position in the declared compartment list, from 0.</param>
    /// <returns>The count.</returns>
    public double Count(int position) => _counts[_countMap[position]];

    /// <summary>
    /// The current count of a compartment by its network index, for internal functions that resolved their declared inputs
    /// to network indices once (reading only declared inputs keeps the dependency graph right).
    /// </summary>
    /// <remarks>
    /// Read unchecked: the index is a compartment of the network, and the networks that evaluate signals pass counts covering
    /// every compartment (<see cref="CompiledNetwork.UpdateSignals(double[], double[], double)"/> checks the length once per
    /// update instead of once per read here).
    /// </remarks>
    /// <param name="compartment">The compartment's index in the network.</param>
    /// <returns>The count.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal double CountOf(int compartment)
    {
        Debug.Assert((uint)compartment < (uint)_counts.Length);
        return Unsafe.Add(ref MemoryMarshal.GetReference(_counts), (nint)(uint)compartment);
    }

    /// <summary>The current value of the <paramref name="position"/>-th declared parameter.</summary>
    /// <param name="position">The position in the declared parameter list, from 0.</param>
    /// <returns>The parameter value.</returns>
    public double Parameter(int position) => _parameters[_parameterMap[position]];
}
