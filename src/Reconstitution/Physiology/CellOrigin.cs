namespace Reconstitution.Physiology;

/// <summary>The origin of a cell population: the patient (host) or an allogeneic donor (docs/model.md §6).</summary>
/// <remarks>An autologous graft is infused into the host copies; an allogeneic graft into the donor copies.</remarks>
public enum CellOrigin
{
    /// <summary>The patient's own cells (including an autologous graft).</summary>
    Host,

    /// <summary>Cells of an allogeneic donor.</summary>
    Donor,
}
