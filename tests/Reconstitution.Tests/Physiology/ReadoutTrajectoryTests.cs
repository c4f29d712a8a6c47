using Reconstitution.Physiology;
using Reconstitution.Randomness;

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

    [Fact]
    public void Reserve_AfterObservationsWithUnitSeries_KeepsEveryValueAndGoesOnAppending()
    {
        var trajectory = new ReadoutTrajectory(4);
        for (int day = 0; day < 3; day++)
        {
            trajectory.Add(day, new ClinicalReadouts { Cd4PerMicroliter = 10 * day });
            trajectory.SetUnitChimerism([day, 100 - day]);
        }
        trajectory.Reserve(50);
        trajectory.Reserve(2); // smaller than held: nothing changes
        for (int day = 3; day < 60; day++)
        {
            trajectory.Add(day, new ClinicalReadouts { Cd4PerMicroliter = 10 * day });
            trajectory.SetUnitChimerism([day, 100 - day]);
        }
        Assert.Equal(60, trajectory.Count);
        for (int day = 0; day < 60; day++)
        {
            Assert.Equal(day, trajectory.Days[day]);
            Assert.Equal(10 * day, trajectory[day, Measure.Cd4]);
            Assert.Equal(day, trajectory.UnitChimerism(0)[day]);
            Assert.Equal(100 - day, trajectory.UnitChimerism(1)[day]);
        }
    }

    [Fact]
    public void Add_WithoutUnitChimerismInUncleanedStorage_UnitSharesAreZero()
    {
        // The storage is not cleared when it grows: an observation added without its unit shares must still read 0 there,
        // as it did when the storage was zeroed. Garbage is made likely by filling and dropping arrays, then collecting them:
        // only memory a collection freed comes back uncleared (fresh memory is zero anyway).
        for (int i = 0; i < 20; i++) GC.KeepAlive(Enumerable.Repeat(123.0, 4096).ToArray());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var trajectory = new ReadoutTrajectory(4);
        trajectory.Add(0, new ClinicalReadouts());
        trajectory.SetUnitChimerism([40, 60]);
        trajectory.Reserve(3000);
        for (int day = 1; day < 3000; day++) trajectory.Add(day, new ClinicalReadouts { Cd4PerMicroliter = day });
        Assert.Equal(40, trajectory.UnitChimerism(0)[0]);
        for (int day = 1; day < 3000; day++)
        {
            Assert.Equal(0, trajectory.UnitChimerism(0)[day]);
            Assert.Equal(0, trajectory.UnitChimerism(1)[day]);
            Assert.Equal(day, trajectory[day, Measure.Cd4]);
        }
    }

    [Fact]
    public void RunTo_LongerThanTheReservedObservations_RecordsEveryDay()
    {
        // The patient reserves at most 1,100 observations at once; a longer course grows the storage as before.
        var patient = new Patient(PhysiologyModel.Create(PatientCovariates.Default), RandomStream.Create(2));
        patient.RunTo(1200);
        Assert.Equal(1201, patient.Trajectory.Count);
        for (int day = 0; day <= 1200; day++) Assert.Equal(day, patient.Trajectory.Days[day], 9);
        Assert.Equal(patient.Readouts.AncE9PerLiter, patient.Trajectory[1200, Measure.Anc]);
    }
}
