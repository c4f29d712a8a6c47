using Reconstitution.Randomness;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// The part of an exact SSA that keeps the total propensity and picks the next transition
/// with probability aⱼ/a₀. Implemented by structs so that <see cref="ExactSolver{TSelector}"/>
/// is specialised per selector by the JIT (no virtual call per firing).
/// </summary>
internal interface IPropensitySelector
{
    /// <summary>Binds the selector to the propensity array it reads (entries of excluded transitions stay 0).</summary>
    void Initialize(double[] propensities);

    /// <summary>Recomputes every derived quantity from the propensity array (bounds round-off drift).</summary>
    void Rebuild();

    /// <summary>The total propensity a₀ per day.</summary>
    double Total { get; }

    /// <summary>Records that the propensity of <paramref name="transition"/> changed from <paramref name="oldValue"/> to <paramref name="newValue"/> (the array already holds the new value).</summary>
    void Update(int transition, double oldValue, double newValue);

    /// <summary>Picks a transition with probability aⱼ/a₀, or returns −1 if round-off left nothing to pick.</summary>
    int Select(RandomStream random);
}
