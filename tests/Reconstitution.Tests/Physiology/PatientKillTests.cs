using Reconstitution.Physiology;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Physiology;

/// <summary>
/// <see cref="Patient.ApplyKill"/> sets a group's counts as one change: the counts, the draws and the course after it must be
/// those of the count-by-count kill it replaced (each member read, thinned and set in turn; docs/model.md §10).
/// </summary>
public class PatientKillTests
{
    /// <summary>The count-by-count kill: each member in order, large fractional counts scaled, tissue scaled, the rest thinned binomially.</summary>
    private static void KillOneByOne(Patient patient, RandomStream random, KillGroup group, double survivingFraction)
    {
        var system = patient.System;
        foreach (int i in patient.Model.Catalogue.KillGroups[(int)group].Members)
        {
            double x = system.GetCount(i);
            if (x <= 0 || survivingFraction == 1) continue;
            double mean = x * survivingFraction;
            bool tissue = group is KillGroup.Thymus or KillGroup.Niche;
            double y = tissue || (mean >= 1e6 && x != Math.Floor(x)) ? mean : BinomialSampler.Sample(random, Whole(random, x), survivingFraction);
            system.SetCount(i, y);
        }
    }

    private static double Whole(RandomStream random, double x)
    {
        double f = Math.Floor(x);
        return f == x ? x : f + (random.NextDouble() < x - f ? 1 : 0);
    }

    [Fact]
    public void ApplyKill_ConditioningLikeSequence_SameCountsAndCourseAsKillingCountByCount()
    {
        // Two patients of one model and seed; one killed by ApplyKill, the other by the count-by-count kill drawing from a
        // stream made like the patient's own (the kills are the only draws from it here). Deep kills leave small remnants
        // (binomial thinning), mild ones scale large pools; the groups cover both origins, tissue and the clone.
        var model = PhysiologyModel.Create(PatientCovariates.Default with { Disease = AutoimmuneDisease.MultipleSclerosis });
        var killed = new Patient(model, RandomStream.Create(7, 3, "physiology"), startTimeDays: -8);
        var reference = new Patient(model, RandomStream.Create(7, 3, "physiology"), startTimeDays: -8);
        var draws = RandomStream.Create(7, 3, "physiology");
        (KillGroup Group, double Fraction)[] doses =
        [
            (KillGroup.Hsc, 0.05), (KillGroup.Progenitors, 1e-3), (KillGroup.Mitotic, 1e-4), (KillGroup.TCells, 0.3),
            (KillGroup.Thymus, 0.6), (KillGroup.Autoreactive, 0.2), (KillGroup.PostMitotic, 0.5), (KillGroup.Mpp, 1e-3),
        ];
        for (int day = 0; day < 3; day++)
        {
            foreach (var (group, fraction) in doses)
            {
                killed.ApplyKill(group, fraction);
                KillOneByOne(reference, draws, group, fraction);
            }
            Assert.Equal(reference.System.Counts.ToArray(), killed.System.Counts.ToArray());
            killed.AdvanceTo(-7 + day);
            reference.AdvanceTo(-7 + day);
            Assert.Equal(reference.System.Counts.ToArray(), killed.System.Counts.ToArray());
        }
        killed.ApplyKill(KillGroup.TCells, 1); // survival 1 changes nothing and draws nothing
        KillOneByOne(reference, draws, KillGroup.TCells, 1);
        killed.AdvanceTo(3);
        reference.AdvanceTo(3);
        Assert.Equal(reference.System.Counts.ToArray(), killed.System.Counts.ToArray());
    }

    [Fact]
    public void ApplyKill_AfterTheFirstKill_AllocatesNothing()
    {
        var model = PhysiologyModel.Create(PatientCovariates.Default);
        var patient = new Patient(model, RandomStream.Create(2));
        patient.ApplyKill(KillGroup.Mitotic, 0.1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) patient.ApplyKill(KillGroup.Mitotic, 0.9);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
