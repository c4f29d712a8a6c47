namespace Reconstitution.TransplantUnit;

/// <summary>
/// What the unit model needs of one simulated patient's course (days relative to infusion): daily ANC, transfusion
/// and infection days, death, engraftment, dose. Made only by <see cref="PatientCourseAdapter"/>.
/// </summary>
internal sealed record InpatientCourse(
    string Protocol,
    bool NeedsApheresis,
    int FirstDay,
    double[] Anc,
    int[] TransfusionDays,
    int[] InfectionDays,
    int? DeathDay,
    int? NeutrophilEngraftmentDay,
    double Cd34PerKg)
{
    /// <summary>The last simulated day (death, or the end of the course).</summary>
    public int LastDay => DeathDay ?? (FirstDay + Anc.Length - 1);

    public bool AnyTransfusion(int fromDay, int toDay) => Any(TransfusionDays, fromDay, toDay);

    public bool AnyInfection(int fromDay, int toDay) => Any(InfectionDays, fromDay, toDay);

    private static bool Any(int[] sortedDays, int fromDay, int toDay)
    {
        if (fromDay > toDay) return false;
        int i = Array.BinarySearch(sortedDays, fromDay);
        if (i < 0) i = ~i;
        return i < sortedDays.Length && sortedDays[i] <= toDay;
    }
}
