using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.TransplantUnit;

/// <summary>
/// The one place where the unit model calls the patient model: simulates patient <c>index</c> exactly as a cohort
/// would (<see cref="Cohort.Simulate"/>, so unit patient i is cohort patient i for the same seed) and reads the
/// <see cref="PatientCourse"/> (trajectory and event list) into an <see cref="InpatientCourse"/>.
/// </summary>
/// <remarks>If the patient API or its event names change, only this file changes.</remarks>
internal static class PatientCourseAdapter
{
    /// <summary>The event kinds of <see cref="PatientCourse.Events"/> the unit model reads.</summary>
    private const string RedCells = "redCellTransfusion", Platelets = "plateletTransfusion", Infection = "infection";

    /// <summary>Whether the protocol's graft is the patient's own (so the patient is mobilised and collected by apheresis first).</summary>
    public static bool IsAutologous(IProtocol protocol) => protocol is DefinedProtocol { Definition.Graft: { IsAutologous: true } };

    public static InpatientCourse Simulate(CovariateDistribution covariates, IProtocol protocol, ulong seed, int index, PatientSimulationOptions options)
    {
        PatientCourse course = Cohort.Simulate(covariates, protocol, seed, index, options).Course;
        ReadoutTrajectory trajectory = course.Trajectory;
        var transfusions = new List<int>();
        var infections = new List<int>();
        foreach (var e in course.Events)
        {
            int day = (int)Math.Floor(e.TimeDays + 1e-9);
            if (e.Kind is RedCells or Platelets) transfusions.Add(day);
            else if (e.Kind is Infection) infections.Add(day);
        }

        transfusions.Sort();
        infections.Sort();
        return new InpatientCourse(
            protocol.Name,
            IsAutologous(protocol),
            (int)Math.Round(trajectory.Days[0]),
            trajectory.Values(Measure.Anc).ToArray(),
            [.. transfusions],
            [.. infections],
            course.Outcome.DeathDay,
            course.Outcome.NeutrophilEngraftmentDay,
            course.Outcome.Cd34PerKgInfused);
    }
}
