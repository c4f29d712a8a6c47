namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// What <see cref="DirectMethodCompiler.For"/> answered for a network: a generated direct-method loop, or none, and the
/// Hill coefficients that answer depends on (which transitions the loop fires depends on whether they are 1–4).
/// </summary>
internal sealed class DirectMethodCode(GeneratedFirings? run, (int Parameter, double Value)[] coefficients)
{
    /// <summary>The loop; null when none is generated for the network.</summary>
    public GeneratedFirings? Run { get; } = run;

    /// <summary>Whether the answer still holds for <paramref name="parameters"/>: every Hill coefficient is unchanged.</summary>
    public bool Holds(double[] parameters)
    {
        foreach (var (parameter, value) in coefficients)
            if (parameters[parameter] != value) return false;
        return true;
    }
}
