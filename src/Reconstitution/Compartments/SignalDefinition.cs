namespace Reconstitution.Compartments;

/// <summary>
/// A named derived signal of a <see cref="ReactionNetwork"/>: a value computed from declared
/// compartments and parameters once per propensity update and shared by every transition that is
/// <see cref="TransitionBuilder.ModulatedBy">modulated by</see> it.
/// </summary>
/// <remarks>
/// <para>Immutable and thread-safe as long as <see cref="Function"/> is. Use a signal when many
/// transitions share one feedback term (for example a G-CSF-like gain of blood neutrophils that
/// speeds up a dozen maturation stages): the term is computed once per update instead of once per
/// transition. A transition modulated by a signal reads the signal's compartments, so the
/// dependency graph and hybrid partition see them; a time-dependent signal makes the transitions it
/// modulates time-dependent.</para>
/// <para>Signals are evaluated in definition order. A signal may read an <em>earlier</em> signal by naming it in
/// <see cref="Parameters"/> (its value is read with <see cref="RateInputs.Parameter"/>, e.g. an exit probability 1 − c from a
/// continuation signal c); a later signal or itself is an error.</para>
/// </remarks>
/// <param name="Name">The unique signal name.</param>
/// <param name="Compartments">The compartments the function reads, in the order <see cref="RateInputs.Count"/> sees them.</param>
/// <param name="Parameters">The parameters it reads, in the order <see cref="RateInputs.Parameter"/> sees them.</param>
/// <param name="Function">The signal function.</param>
/// <param name="TimeDependent">Whether the value depends on time other than through counts and parameters.</param>
public sealed record SignalDefinition(
    string Name,
    IReadOnlyList<string> Compartments,
    IReadOnlyList<string> Parameters,
    SignalFunction Function,
    bool TimeDependent);
