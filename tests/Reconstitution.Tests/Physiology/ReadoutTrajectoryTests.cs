using Reconstitution.Physiology;

namespace Reconstitution.Tests.Physiology;

public class ReadoutTrajectoryTests
{
    [Fact]
    public void Add_DistinctValueInEveryField_EachColumnHoldsItsMeasuresValue()
    {
        // Add copies each field into its measure's column by name: every measure must land where Get reads it.
        var readouts = new ClinicalReadouts
        {
            AncE9PerLiter = 1, WbcE9PerLiter = 2, HemoglobinGPerDl = 3, PlateletsE9PerLiter = 4, LymphocytesE9PerLiter = 5,
            Cd4PerMicroliter = 6, Cd8PerMicroliter = 7, BCellsPerMicroliter = 8, NkCellsPerMicroliter = 9, DonorChimerismPercent = 10,
            AutoreactiveCells = 11, DiseaseActivity = 12, Autoantibody = 13, MonocytesE9PerLiter = 14, TregPercentOfCd4 = 15,
            NaiveCd4PerMicroliter = 16, DonorTCellChimerismPercent = 17, StemCells = 18,
        };
        var trajectory = new ReadoutTrajectory(4);
        for (int day = 0; day < 9; day++) trajectory.Add(day, readouts with { AncE9PerLiter = 100 + day }); // grows past its capacity
        var measures = Enum.GetValues<Measure>();
        Assert.Equal(measures.Length, measures.Select(m => readouts.Get(m)).Distinct().Count());
        foreach (var measure in measures)
            for (int day = 0; day < 9; day++)
                Assert.Equal((readouts with { AncE9PerLiter = 100 + day }).Get(measure), trajectory[day, measure]);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8], trajectory.Days.ToArray());
    }
}
