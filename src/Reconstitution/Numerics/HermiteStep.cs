namespace Reconstitution.Numerics;

/// <summary>
/// An integrator's cubic Hermite dense output on its last step [<see cref="Start"/>, <see cref="Start"/> + <see cref="Length"/>]
/// as a whole: the step's vectors by reference (<see cref="OdeStepper.TryGetHermiteStep"/>), so that a caller reading
/// many components can copy what it needs in one pass instead of asking for one <see cref="HermiteSegment"/> at a time.
/// </summary>
/// <remarks>
/// Component k's segment is (<see cref="Y0"/>[k], <see cref="SlopeWeight"/>[k]·<see cref="F0"/>[k], <see cref="Y1"/>[k],
/// <see cref="SlopeWeight"/>[k]·<see cref="F1"/>[k]) (<see cref="Segment"/>), the operands of the integrator's own
/// interpolation (<see cref="CubicHermite"/>). The vectors are the integrator's: valid until its next step or reset, and
/// not to be written.
/// </remarks>
internal readonly struct HermiteStep
{
    /// <summary>The step's start (days).</summary>
    public readonly double Start;

    /// <summary>The step's length (days); 0 or less: every component is the constant <see cref="Y1"/>.</summary>
    public readonly double Length;

    /// <summary>The values at the start.</summary>
    public readonly double[] Y0;

    /// <summary>The slopes at the start, before their weights (per day).</summary>
    public readonly double[] F0;

    /// <summary>The values at the end.</summary>
    public readonly double[] Y1;

    /// <summary>The slopes at the end, before their weights (per day).</summary>
    public readonly double[] F1;

    /// <summary>Each component's slope weight (1 where the integrator damps no slope).</summary>
    public readonly double[] SlopeWeight;

    /// <summary>The number of components (each vector holds at least this many).</summary>
    public readonly int Dimension;

    /// <summary>The step's dense output through the given vectors, each at least <paramref name="dimension"/> long.</summary>
    /// <exception cref="ArgumentException">A vector is shorter than <paramref name="dimension"/>.</exception>
    public HermiteStep(double start, double length, double[] y0, double[] f0, double[] y1, double[] f1, double[] slopeWeight, int dimension)
    {
        if (dimension < 0 || y0.Length < dimension || f0.Length < dimension || y1.Length < dimension || f1.Length < dimension || slopeWeight.Length < dimension)
            throw new ArgumentException($"Every vector of the step must hold its {dimension} components.", nameof(dimension));
        Start = start;
        Length = length;
        Y0 = y0;
        F0 = f0;
        Y1 = y1;
        F1 = f1;
        SlopeWeight = slopeWeight;
        Dimension = dimension;
    }

    /// <summary>Component <paramref name="component"/>'s segment, as the integrator's <see cref="OdeStepper.TryGetHermiteSegment"/> gives it.</summary>
    public HermiteSegment Segment(int component)
    {
        double w = SlopeWeight[component];
        return new HermiteSegment(Start, Length, Y0[component], w * F0[component], Y1[component], w * F1[component]);
    }
}
