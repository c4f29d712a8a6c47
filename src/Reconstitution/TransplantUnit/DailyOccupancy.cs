namespace Reconstitution.TransplantUnit;

/// <summary>The unit on one day [Day, Day + 1): exact time averages of the step functions, not samples. Immutable.</summary>
/// <param name="Day">The unit day.</param>
/// <param name="OccupiedBedsMean">Time-averaged occupied beds.</param>
/// <param name="OccupiedBedsMax">Most beds occupied at any moment of the day.</param>
/// <param name="FullFraction">Share of the day with every bed occupied, in [0, 1].</param>
/// <param name="WaitingForBedMean">Time-averaged number of patients waiting for a bed.</param>
/// <param name="ApheresisInUseMean">Time-averaged apheresis slots in use.</param>
/// <remarks>One row of <c>unit-occupancy.csv</c> (<see cref="UnitResult"/>); for the whole window's averages read <see cref="UnitSummary"/>.</remarks>
public readonly record struct DailyOccupancy(int Day, double OccupiedBedsMean, double OccupiedBedsMax, double FullFraction, double WaitingForBedMean, double ApheresisInUseMean);
