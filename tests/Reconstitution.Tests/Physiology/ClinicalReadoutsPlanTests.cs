using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Physiology;

/// <summary>
/// <c>ClinicalReadouts.From</c> reads the counts through its template's flat plan of indices
/// (<c>ClinicalReadoutsPlan</c>); the readouts must be those of the direct sums over the catalogue's handles (host, then
/// each donor origin added whole, every chain in its order) to the bit, so that cohort outputs do not move.
/// </summary>
public class ClinicalReadoutsPlanTests
{
    [Theory]
    [InlineData("none", 1)]
    [InlineData("auto-cy-atg", 1)]
    [InlineData("ric-flu-bu-atg", 1)]
    [InlineData("allo-pbsc-mac", 1)]
    [InlineData("cord-double-mac", 1)]
    [InlineData("cord-double-mac", 2)]
    [InlineData("cord-double-mac", 3)]
    public void From_ProtocolCourse_EqualsTheDirectSumsToTheBit(string protocolName, int donorOrigins)
    {
        var protocol = BuiltInProtocols.Get(protocolName);
        if (donorOrigins > 1)
        {
            // Traced cord units (one donor origin each) instead of the pooled double cord.
            var unit = new GraftDefinition(GraftSource.SingleCord, DonorType.Mismatched, 1.5e5) { TotalNucleatedCellsPerKg = 2e7 };
            protocol = new DefinedProtocol(protocol.Definition with { Grafts = [.. Enumerable.Repeat(unit, donorOrigins)] });
        }
        var covariates = new PatientCovariates { Disease = AutoimmuneDisease.SystemicSclerosis };
        var options = new PatientSimulationOptions { Days = 60 };
        var run = PatientSimulation.Start(PatientSimulation.Draw(covariates, 7, 3, options), protocol, 7, 3, options);
        var model = run.Person.Model;
        Assert.Equal(donorOrigins, model.Catalogue.Donors.Count);
        for (double day = protocol.StartDay; day <= 60; day += 1.5)
        {
            run.Simulation.Run(day);
            double[] counts = run.Person.System.Counts.ToArray();
            AssertSameBits(Direct(counts, model), ClinicalReadouts.From(counts, model), $"{protocolName} day {day}");
        }
    }

    [Fact]
    public void From_RandomStates_EqualsTheDirectSumsToTheBit()
    {
        // Counts spread over 30 orders of magnitude (and exact zeros, signed zeros, huge values), so that any change of a sum's
        // order or grouping rounds differently somewhere.
        var value = Gen.OneOf(
            Gen.Elements(0.0, -0.0, 1.0, 3.0, 1e300),
            from mantissa in Gen.Choose(1, int.MaxValue)
            from exponent in Gen.Choose(-12, 18)
            select mantissa / (double)int.MaxValue * Math.Pow(10, exponent));
        var shapes = Gen.Elements(
            (AutoimmuneDisease.None, 0), (AutoimmuneDisease.MultipleSclerosis, 0), (AutoimmuneDisease.SystemicSclerosis, 1),
            (AutoimmuneDisease.AutoimmuneHemolyticAnemia, 1), (AutoimmuneDisease.ImmuneThrombocytopenia, 2),
            (AutoimmuneDisease.SystemicLupusErythematosus, 3), (AutoimmuneDisease.RheumatoidArthritis, 4));
        var models = new Dictionary<(AutoimmuneDisease, int), PhysiologyModel>();
        Prop.ForAll(shapes.ToArbitrary(), Gen.ArrayOf(value, 400).ToArbitrary(), (shape, pool) =>
        {
            if (!models.TryGetValue(shape, out var model))
                models[shape] = model = PhysiologyModel.Create(new PatientCovariates { Disease = shape.Item1 }, allogeneicUnits: shape.Item2);
            double[] counts = pool[..model.Network.Compartments.Count];
            AssertSameBits(Direct(counts, model), ClinicalReadouts.From(counts, model), $"{shape}");
        }).CheckThrowOnFailure();
    }

    [Fact]
    public void From_CountsShorterThanTheNetwork_ThrowsNamingBothLengths()
    {
        // The plan's reads are unchecked after one length check: a short span must be refused, not read past its end.
        var model = PhysiologyModel.Create(new PatientCovariates { Disease = AutoimmuneDisease.MultipleSclerosis });
        int n = model.Network.Compartments.Count;
        var error = Assert.Throws<ArgumentException>(() => ClinicalReadouts.From(new double[n - 1], model));
        Assert.Equal("x", error.ParamName);
        Assert.Contains($"{n - 1} entries", error.Message);
        Assert.Contains($"{n} compartments", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Inputs_ModelsOfOneShape_ShareOnePlanWithTheDirectInputs(int allogeneicUnits)
    {
        var a = PhysiologyModel.Create(new PatientCovariates { WeightKg = 60 }, allogeneicUnits: allogeneicUnits);
        var b = PhysiologyModel.Create(new PatientCovariates { WeightKg = 90 }, allogeneicUnits: allogeneicUnits);
        Assert.Same(ClinicalReadouts.Inputs(a), ClinicalReadouts.Inputs(b));
        var expected = new bool[a.Network.Compartments.Count];
        var idx = a.Catalogue;
        foreach (var o in new[] { idx.Host }.Concat(idx.Donors))
            foreach (int i in (CompartmentHandle[])[o.BloodNeutrophils, o.Monocytes, o.NaiveCd4, o.MemoryCd4, o.Treg, o.NaiveCd8,
                o.MemoryCd8, o.BCells, o.NkCells, o.LongTermStemCells, .. o.RedCells, .. o.Platelets, .. o.TCells.Members])
                expected[i] = true;
        expected[idx.Autoreactive] = true;
        expected[idx.Antibody] = true;
        Assert.Equal(expected, ClinicalReadouts.Inputs(a));
    }

    private static void AssertSameBits(ClinicalReadouts expected, ClinicalReadouts actual, string where)
    {
        foreach (var property in typeof(ClinicalReadouts).GetProperties())
        {
            if (property.PropertyType != typeof(double)) continue;
            double e = (double)property.GetValue(expected)!, a = (double)property.GetValue(actual)!;
            Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a),
                $"{where}: {property.Name} was {a:R}, the direct sums give {e:R}.");
        }
    }

    // The readouts as the catalogue's handles give them, summed in the order the plan must keep.
    private static ClinicalReadouts Direct(double[] x, PhysiologyModel model)
    {
        var d = model.Design;
        var p = d.P;
        var idx = model.Catalogue;
        var h = idx.Host;
        double bv = d.BloodVolumeLiters, ul = bv * 1e6;
        double donorNb = 0, monoCells = x[h.Monocytes], rbc = Sum(x, h.RedCells), pltCells = Sum(x, h.Platelets);
        double n4 = x[h.NaiveCd4], m4 = x[h.MemoryCd4], r = x[h.Treg], t8 = x[h.NaiveCd8] + x[h.MemoryCd8];
        double bCells = x[h.BCells], nkCells = x[h.NkCells], hsc = x[h.LongTermStemCells], tDonor = 0;
        foreach (var o in idx.Donors)
        {
            donorNb += x[o.BloodNeutrophils];
            monoCells += x[o.Monocytes];
            rbc += Sum(x, o.RedCells);
            pltCells += Sum(x, o.Platelets);
            n4 += x[o.NaiveCd4];
            m4 += x[o.MemoryCd4];
            r += x[o.Treg];
            t8 += x[o.NaiveCd8] + x[o.MemoryCd8];
            bCells += x[o.BCells];
            nkCells += x[o.NkCells];
            hsc += x[o.LongTermStemCells];
            tDonor += o.TCells.Sum(x);
        }
        double nb = x[h.BloodNeutrophils] + donorNb;
        double anc = nb * p.Granulopoiesis.CirculatingFraction / bv / 1e9;
        double mono = monoCells / bv / 1e9;
        double fl = p.Lymphocytes.BloodFractionTAndB, fnk = p.Lymphocytes.BloodFractionNk;
        double cd4 = (n4 + m4 + r) * fl / ul, cd8 = t8 * fl / ul, bc = bCells * fl / ul, nk = nkCells * fnk / ul;
        double lymph = (cd4 + cd8 + bc + nk) * (1 + p.Lymphocytes.OtherLymphocyteFraction) / 1000.0;
        double eb = p.Granulopoiesis.EosinophilBasophilE9PerLiter * anc / p.Granulopoiesis.AncSetPointE9PerLiter;
        double tAll = n4 + m4 + r + t8;
        return new ClinicalReadouts
        {
            AncE9PerLiter = anc,
            WbcE9PerLiter = anc + mono + lymph + eb,
            HemoglobinGPerDl = rbc * p.Erythropoiesis.MeanCellHemoglobinPg * 1e-12 / bv / 10.0,
            PlateletsE9PerLiter = pltCells * (1 - p.Thrombopoiesis.SplenicPoolFraction) / bv / 1e9,
            LymphocytesE9PerLiter = lymph,
            Cd4PerMicroliter = cd4,
            Cd8PerMicroliter = cd8,
            BCellsPerMicroliter = bc,
            NkCellsPerMicroliter = nk,
            DonorChimerismPercent = nb > 0 ? 100 * donorNb / nb : 0,
            AutoreactiveCells = x[idx.Autoreactive],
            DiseaseActivity = model.DiseaseActivity(x),
            Autoantibody = d.AntibodyMediated ? x[idx.Antibody] / d.Antibody : 0,
            MonocytesE9PerLiter = mono,
            TregPercentOfCd4 = n4 + m4 + r > 0 ? 100 * r / (n4 + m4 + r) : 0,
            NaiveCd4PerMicroliter = n4 * fl / ul,
            DonorTCellChimerismPercent = tAll > 0 ? 100 * tDonor / tAll : 0,
            StemCells = hsc,
        };
    }

    private static double Sum(double[] x, CompartmentHandle[] chain)
    {
        double s = 0;
        foreach (int i in chain) s += x[i];
        return s;
    }
}
