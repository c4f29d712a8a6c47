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

    /// <summary>
    /// Sets <see cref="Dimension"/> to <paramref name="dimension"/> for a system whose component k was component
    /// <paramref name="previousIndex"/>[k] of the old one (−1: a new component): as setting <see cref="Dimension"/>, but an
    /// integrator may carry what it learnt about the old components over (RKC its power-iteration vector, so the next
    /// spectral estimate starts warm). The default sets <see cref="Dimension"/>.
    /// </summary>
    /// <param name="dimension">The new number of components.</param>
    /// <param name="previousIndex">For each new component, its index in the old system, or −1 (length <paramref name="dimension"/>).</param>
    public virtual void Restructure(int dimension, ReadOnlySpan<int> previousIndex)
    {
        CheckRestructure(dimension, previousIndex);
        Dimension = dimension;
    }

    /// <summary>Checks <see cref="Restructure"/>'s arguments before anything moves: the dimension within the capacity, one map entry per component.</summary>
    protected void CheckRestructure(int dimension, ReadOnlySpan<int> previousIndex)
    {
        if (dimension < 0 || dimension > Y.Length) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"Dimension must be in [0, {Y.Length}].");
        if (previousIndex.Length != dimension)
            throw new ArgumentException($"The map has {previousIndex.Length} entries; the dimension is {dimension}.", nameof(previousIndex));
    }

    /// <summary>Forgets cached derivatives after an external change of <see cref="Y"/>.</summary>
    public abstract void Reset();

    /// <summary>
    /// Forgets the last step's dense output after an external change of <see cref="Y"/> that leaves f(T, Y) as it was to
    /// the bit: an integrator that carries f(T, Y) into its next step keeps it, instead of evaluating f again as after
    /// <see cref="Reset"/>. The default resets.
    /// </summary>
    /// <remarks>
    /// For the hybrid solver's clamp of round-off negatives at zero after a step: its right-hand side reads every amount
    /// clamped at zero (negative, −0 and +0 alike), so f at the clamped state is f at the unclamped one.
    /// </remarks>
    public virtual void ResetKeepingDerivative() => Reset();

    /// <summary>
    /// Sets component <paramref name="component"/> of <see cref="Y"/> to <paramref name="value"/> after an external change
    /// that leaves the derivative f(T, Y) as it was except in that component, whose derivative is now
    /// <paramref name="derivative"/>: an integrator that carries f(T, Y) into its next step keeps it with that entry
    /// replaced, instead of evaluating f again as after <see cref="Reset"/>. The last step's dense output is dropped, as by
    /// <see cref="Reset"/>. The default resets.
    /// </summary>
    /// <remarks>
    /// For a change that touches one component the rest of the right-hand side does not read (the hybrid solver's
    /// integrated hazard after a firing that changed only what the hazard rate reads). The derivative given must be f's
    /// value to the bit for the next step to be the one a fresh evaluation would give.
    /// </remarks>
    public virtual void ResetComponent(int component, double value, double derivative)
    {
        Y[component] = value;
        Reset();
    }

    /// <summary>
    /// The step to try next after an accepted step of <paramref name="h"/> days that the caller's limit cut short of the
    /// step the controller had proposed (<paramref name="proposed"/>), given the error-based growth factor
    /// <paramref name="factor"/> and its cap <paramref name="maxFactor"/>: the proposal stays unless the error says the
    /// next step must be shorter than it (h·factor below it, the factor below its cap).
    /// </summary>
    /// <remarks>
    /// A step cut short by a discrete firing or a stop says little about the next: at the factor's cap its error only
    /// says the step may grow at least that much, and taking h·factor then would shrink the controller's step to a
    /// multiple of the cut one (ten times a step of 10⁻³ days before a firing), to be grown back over several steps.
    /// </remarks>
    protected static double ProposalAfterLimit(double proposed, double h, double factor, double maxFactor) =>
        factor < maxFactor && h * factor < proposed ? h * factor : proposed;

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
    /// The last step's cubic Hermite dense output as a whole (<see cref="HermiteStep"/>: its vectors by reference, each
    /// component's segment the one <see cref="TryGetHermiteSegment"/> gives); false (and a default value) where
    /// <see cref="TryGetHermiteSegment"/> is false. For reading many components at many times inside one step.
    /// </summary>
    public virtual bool TryGetHermiteStep(out HermiteStep step)
    {
        step = default;
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
    /// Declares which components each component's derivative reads (<paramref name="pattern"/>: row k lists the components
    /// ∂fₖ/∂yⱼ may be nonzero for, of <see cref="Dimension"/> rows; shared and immutable, so an implicit integrator points at
    /// it) and whether f depends on t explicitly. Called by <see cref="IJacobianPattern.Declare"/>; explicit integrators
    /// ignore it.
    /// </summary>
    public virtual void SetJacobianPattern(JacobianPattern pattern)
    {
    }
}
