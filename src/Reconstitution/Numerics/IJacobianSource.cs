namespace Reconstitution.Numerics;

/// <summary>
/// An ODE system that works out its own Jacobian ∂f/∂y from its structure, more cheaply than finite differences of the
/// whole right-hand side (<see cref="SparseJacobian.Assemble"/>); its <see cref="IJacobianPattern"/> declares the entries.
/// </summary>
/// <remarks>
/// An implicit integrator whose <see cref="OdeStepper.PatternSource"/> implements this interface asks it for ∂f/∂y instead of
/// differencing f column group by column group; ∂f/∂t is still a difference of f. The values need only be as good as a
/// finite-difference Jacobian: a W-method keeps its order with any approximation.
/// </remarks>
internal interface IJacobianSource : IJacobianPattern
{
    /// <summary>
    /// Writes ∂f/∂y at (<paramref name="t"/>, <paramref name="y"/>) into <paramref name="values"/>, in the order of the
    /// pattern given by <paramref name="rowOffsets"/> and <paramref name="columns"/> (the one last declared, or a dense one);
    /// entries outside the system's own pattern are zero.
    /// </summary>
    /// <param name="t">The time (days).</param>
    /// <param name="y">The state.</param>
    /// <param name="floor">The perturbation's floor for any difference taken (the integrator's absolute tolerance).</param>
    /// <param name="rowOffsets">The pattern's row offsets.</param>
    /// <param name="columns">The pattern's columns, row by row.</param>
    /// <param name="values">The Jacobian's values, in pattern order.</param>
    /// <returns>The cost in evaluations of f (rounded up): what a caller counts as the Jacobian's evaluations.</returns>
    int Jacobian(double t, ReadOnlySpan<double> y, double floor, ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns, Span<double> values);
}
