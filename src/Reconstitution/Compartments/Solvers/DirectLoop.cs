using Reconstitution.Randomness;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// The direct method's loop state, handed between the general code of <see cref="ExactSolver{TSelector}"/> and its
/// inner loops (the array-driven fast loop, or the loop generated for the network by <see cref="DirectMethodCompiler"/>),
/// which copy it into registers.
/// </summary>
internal struct DirectLoop
{
    public double Time, Remaining, Total, Scale;
    public int SinceRebuild, Transition;
    public long Firings;
    public ulong Bits;
}

/// <summary>Why an inner loop of the direct method returned to the general code.</summary>
internal enum DirectExit
{
    /// <summary>The next firing is after the end: the loop is done.</summary>
    End,

    /// <summary>a₀ must be rebuilt before going on.</summary>
    Rebuild,

    /// <summary>Finish the Exp(1) draw from <see cref="DirectLoop.Bits"/> by the ziggurat's rare slow path.</summary>
    Draw,

    /// <summary>Select and fire the next transition by the general code.</summary>
    Select,

    /// <summary>A propensity evaluated after the last firing is negative, NaN or infinite.</summary>
    Invalid,

    /// <summary>The time has advanced and <see cref="DirectLoop.Transition"/> was selected (−1: round-off left nothing to select); fire it by the general code.</summary>
    Fire,
}

/// <summary>
/// A direct-method loop compiled for one network (<see cref="DirectMethodCompiler"/>): the contract of the solver's
/// array-driven fast loop, with the generator's state passed by reference. Reads the counts, propensities and
/// parameters at entry and writes back what it changed before it returns.
/// </summary>
internal delegate DirectExit GeneratedFirings(ref DirectLoop loop, ref XoshiroState random, double[] counts, double[] propensities,
    double[] parameters, long[] fired, double end);
