namespace Reconstitution.Numerics;

/// <summary>
/// The sparsity of an ODE system's Jacobian, declared on request to an implicit integrator
/// (<see cref="OdeStepper.PatternSource"/>), so that it is only worked out while such an integrator runs.
/// </summary>
internal interface IJacobianPattern
{
    /// <summary>Calls <see cref="OdeStepper.SetJacobianPattern"/> on <paramref name="stepper"/> with the current pattern.</summary>
    void Declare(OdeStepper stepper);
}
