namespace Reconstitution.Protocols;

/// <summary>Graft-versus-host disease prophylaxis after an allogeneic graft. Immutable.</summary>
/// <remarks>
/// A calcineurin inhibitor (ciclosporin or tacrolimus) lowers the GVHD hazard while given;
/// short-course methotrexate (days +1, +3, +6, +11) lowers it further and, being cytotoxic to
/// dividing marrow cells, delays engraftment by a few days.
/// </remarks>
/// <param name="CalcineurinInhibitor">Whether a calcineurin inhibitor is given.</param>
/// <param name="Methotrexate">Whether short-course methotrexate is given.</param>
public sealed record GvhdProphylaxisDefinition(bool CalcineurinInhibitor = true, bool Methotrexate = true);
