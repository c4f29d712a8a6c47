namespace Reconstitution.Kernel;

/// <summary>
/// Something whose state evolves continuously or stochastically <em>between</em> kernel events,
/// such as a compartment model advanced by a stochastic simulation algorithm.
/// </summary>
/// <remarks>
/// The <c>Simulation</c> calls <see cref="AdvanceTo"/> on every attached advancer, in the
/// order they were attached, whenever its clock is about to move from <c>Now</c> to a later time:
/// before the first event at that time is processed, and when <c>Run(until)</c> reaches
/// <c>until</c>. So an event callback (a dose, an infusion, an observation) always sees the state
/// at its own exact time, and may change counts or rates before the advancer continues.
/// </remarks>
public interface IStateAdvancer
{
    /// <summary>Advances the state from the simulation's current time to <paramref name="timeDays"/>.</summary>
    /// <param name="timeDays">The target time in days; never earlier than the current time.</param>
    void AdvanceTo(double timeDays);
}
