namespace Reconstitution.Numerics;

/// <summary>
/// An adaptive one-step ODE integrator with dense output, as the hybrid and ODE solvers use it:
/// the caller owns the state <see cref="Y"/>, takes accepted steps towards a limit, and reads the
/// continuous extension of the last step (to locate the time a discrete hazard is reached).
/// </summary>
/// <remarks>Implementations allocate nothing per step; not thread-safe.</remarks>
internal abstract class OdeStepper
{
    /// <summary>The number of components integrated; setting it resets the integrator.</summary>
    public abstract int Dimension { get; set; }

    /// <summary>The state vector (capacity-sized; the first <see cref="Dimension"/> entries are integrated).</summary>
    public abstract double[] Y { get; }

    /// <summary>The current time (days).</summary>
    public abstract double T { get; set; }

    /// <summary>The start of the last accepted step; the dense output covers [TPrevious, T].</summary>
    public abstract double TPrevious { get; }

    /// <summary>Accepted steps since construction.</summary>
    public abstract long AcceptedSteps { get; }

    /// <summary>Rejected steps since construction.</summary>
    public abstract long RejectedSteps { get; }

    /// <summary>Right-hand-side evaluations since construction.</summary>
    public abstract long Evaluations { get; }

    /// <summary>
    /// Per-component magnitude floors of the error scale (<see cref="StepSizeControl"/>, remarks): a component that shrinks
    /// over a step has its relative error measured against at least MagnitudeFloor[i]. Capacity-sized and owned by the
    /// caller, who may change the entries between steps; null (the default) for the ordinary scale atol + rtol·|yᵢ|.
    /// Honoured by <see cref="RungeKuttaChebyshev"/>, <see cref="RosenbrockW"/> and <see cref="StiffnessSwitching"/>;
    /// <see cref="DormandPrince45"/> ignores it.
    /// </summary>
    public virtual double[]? MagnitudeFloor { get; set; }

    /// <summary>Forgets cached derivatives after an external change of <see cref="Y"/>.</summary>
    public abstract void Reset();

    /// <summary>Takes one accepted step towards <paramref name="tLimit"/> (never past it).</summary>
    public abstract void Step<TSystem>(ref TSystem system, double tLimit) where TSystem : IOdeSystem;

    /// <summary>Writes the continuous extension at <paramref name="time"/> ∈ [TPrevious, T].</summary>
    public abstract void Interpolate(double time, Span<double> output);

    /// <summary>The continuous extension of one component at <paramref name="time"/>.</summary>
    public abstract double InterpolateComponent(double time, int component);

    /// <summary>
    /// The continuous extension of one component on the last step as a cubic Hermite segment whose
    /// <see cref="HermiteSegment.Value"/> equals <see cref="InterpolateComponent"/> to the bit; false (and a default
    /// segment) for an integrator whose dense output is not a cubic Hermite one, or before its first step after a reset.
    /// </summary>
    public virtual bool TryGetHermiteSegment(int component, out HermiteSegment segment)
    {
        segment = default;
        return false;
    }

    /// <summary>
    /// The continuous extension at <paramref name="time"/> of the listed components: <paramref name="output"/>[i] is
    /// component <paramref name="components"/>[i]'s value, to the bit <see cref="InterpolateComponent"/>'s (and so
    /// <see cref="Interpolate"/>'s). For reading a few components of a large system at once.
    /// </summary>
    public virtual void InterpolateComponents(double time, ReadOnlySpan<int> components, Span<double> output)
    {
        for (int i = 0; i < components.Length; i++) output[i] = InterpolateComponent(time, components[i]);
    }

    /// <summary>
    /// Where an implicit integrator asks for the Jacobian's sparsity when it needs it (after a change of
    /// <see cref="Dimension"/>); null: every entry is assumed nonzero. Explicit integrators never ask.
    /// </summary>
    public virtual IJacobianPattern? PatternSource { get; set; }

    /// <summary>
    /// Declares which components each component's derivative reads: row k of the CSR pattern
    /// (<paramref name="rowOffsets"/> of length <see cref="Dimension"/> + 1, <paramref name="columns"/>, each column
    /// once per row) lists the components ∂fₖ/∂yⱼ may be nonzero for; <paramref name="timeDependent"/> says whether f
    /// depends on t explicitly. Called by <see cref="IJacobianPattern.Declare"/>; explicit integrators ignore it.
    /// </summary>
    public virtual void SetJacobianPattern(ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns, bool timeDependent)
    {
    }
}
