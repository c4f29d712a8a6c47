using System.Runtime.Intrinsics;

namespace Reconstitution.Numerics;

/// <summary>
/// An integrator's local error estimate of a step, computed component by component where the error norm reads it
/// (<see cref="StepSizeControl.SquaredErrorSum{TEstimate}"/>) instead of stored as a vector first: one pass over the
/// step's vectors instead of two, and no estimate written and read back.
/// </summary>
/// <remarks>
/// An implementation gives each component the bits of its scalar formula: <see cref="Lanes"/> performs on each lane the
/// operations of <see cref="At"/> in the same order (no fused multiply–add), so the norm does not depend on the SIMD width.
/// Implementations are <c>ref struct</c>s over the step's vectors, read without bounds checks; <see cref="Length"/> says how
/// many components every one of them holds, and the norm refuses a state longer than that.
/// </remarks>
internal interface IErrorEstimate
{
    /// <summary>The components every vector of the estimate holds (the shortest vector's length).</summary>
    int Length { get; }

    /// <summary>The estimate of components [<paramref name="index"/>, <paramref name="index"/> + 4).</summary>
    Vector256<double> Lanes(nuint index);

    /// <summary>The estimate of component <paramref name="index"/>.</summary>
    double At(nuint index);
}
