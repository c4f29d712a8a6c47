using Reconstitution.Physiology;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Physiology;

/// <summary>
/// A patient's solver writes only the readouts' inputs (<c>ClinicalReadouts.Inputs</c>) at each daily stop, so the
/// readouts must read nothing else.
/// </summary>
public class ClinicalReadoutsInputsTests
{
    public static TheoryData<AutoimmuneDisease, int> Shapes()
    {
        var data = new TheoryData<AutoimmuneDisease, int>();
        foreach (var disease in Enum.GetValues<AutoimmuneDisease>())
            foreach (int units in new[] { 0, 1, 2 })
                data.Add(disease, units);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void From_EveryCountOutsideTheInputsSpoiled_GivesTheSameReadouts(AutoimmuneDisease disease, int allogeneicUnits)
    {
        var model = PhysiologyModel.Create(new PatientCovariates { Disease = disease }, allogeneicUnits: allogeneicUnits);
        var patient = new Patient(model, RandomStream.Create(5));
        patient.AdvanceTo(3);
        double[] counts = patient.System.Counts.ToArray();
        bool[] inputs = ClinicalReadouts.Inputs(model);
        Assert.Equal(counts.Length, inputs.Length);
        var expected = ClinicalReadouts.From(counts, model);
        foreach (double spoiled in new[] { double.NaN, 1e30, 0 })
        {
            double[] spoilt = (double[])counts.Clone();
            for (int i = 0; i < spoilt.Length; i++)
                if (!inputs[i]) spoilt[i] = spoiled;
            Assert.Equal(expected, ClinicalReadouts.From(spoilt, model));
        }
    }

    [Fact]
    public void Readouts_DailyCourse_EqualTheReadoutsOfEveryCount()
    {
        // The patient reads only the declared counts; a reader of every count (which writes the rest first) must agree.
        var model = PhysiologyModel.Create(new PatientCovariates { Disease = AutoimmuneDisease.MultipleSclerosis });
        var patient = new Patient(model, RandomStream.Create(9));
        patient.ApplyKill(KillGroup.TCells, 0.01);
        for (int day = 1; day <= 40; day++)
        {
            patient.AdvanceTo(day);
            var fromDeclared = patient.Readouts;
            Assert.Equal(model.Readouts(patient.System.Counts), fromDeclared);
        }
    }
}
