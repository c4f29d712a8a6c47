using System.Runtime.CompilerServices;
using Reconstitution.Randomness;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// Gillespie's direct method (1977): a₀ kept by incremental update, selection by a linear
/// search of the cumulative sum. Cost O(T) per firing, with a tiny constant: the fastest choice
/// for small networks.
/// </summary>
internal struct DirectSelector : IPropensitySelector
{
    private double[] _a;
    private double _total;

    public void Initialize(double[] propensities) => _a = propensities;

    public void Rebuild()
    {
        double sum = 0;
        foreach (double a in _a) sum += a;
        _total = sum;
    }

    public readonly double Total => _total;

    /// <summary>Stores a₀ kept outside the selector (by the solver's specialised direct-method loop).</summary>
    public void SetTotal(double total) => _total = total;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(int transition, double oldValue, double newValue) => _total += newValue - oldValue;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int Select(RandomStream random)
    {
        double target = random.NextUniform() * _total;
        double[] a = _a;
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            sum += a[j];
            if (target <= sum && a[j] > 0) return j;
        }
        return -1;
    }
}
