using Reconstitution.Physiology;

namespace Reconstitution.Protocols;

/// <summary>One graft unit as infused into a patient (<see cref="TreatmentContext.Units"/>). Immutable.</summary>
/// <param name="Graft">The unit's definition.</param>
/// <param name="Day">The day it was infused, relative to day 0.</param>
/// <param name="Cd34PerKgInfused">Its viable CD34+ dose, cells/kg (after any between-patient draw and viability).</param>
/// <param name="Cells">The cells infused (after homing).</param>
/// <param name="DonorUnit">The donor origin the unit's cells joined (1-based; docs/model.md §17), or <c>null</c> for an autologous unit.</param>
/// <remarks>Read from <see cref="TreatmentContext.Units"/> in a protocol that reacts to what was given; define units with <see cref="GraftDefinition"/>.</remarks>
public sealed record InfusedUnit(GraftDefinition Graft, double Day, double Cd34PerKgInfused, GraftCells Cells, int? DonorUnit = null);
