using Reconstitution.Physiology;

namespace Reconstitution.Tests.Physiology;

public sealed class ModelCatalogueTests
{
    [Theory]
    [InlineData(AutoimmuneDisease.None)]
    [InlineData(AutoimmuneDisease.MultipleSclerosis)]
    [InlineData(AutoimmuneDisease.AutoimmuneHemolyticAnemia)]
    [InlineData(AutoimmuneDisease.ImmuneThrombocytopenia)]
    public void Catalogue_EveryCompartment_HasExactlyOneHandle(AutoimmuneDisease disease)
    {
        var model = PhysiologyModel.Create(new PatientCovariates { Disease = disease });
        var c = model.Catalogue;
        int[] handles =
        [
            .. c.Host.All.Members.ToArray().Select(h => h.Index), .. c.Donor.All.Members.ToArray().Select(h => h.Index),
            c.Thymus, c.Niche, c.Autoreactive, c.PlasmaCells, c.ShortLivedPlasmaCells, c.Antibody,
        ];
        Assert.Equal(Enumerable.Range(0, model.Network.Compartments.Count), handles.Order());
    }

    [Fact]
    public void Catalogue_OriginGroups_HoldOnlyTheirOrigin()
    {
        // Host and donor copies are the same compartments: equal sizes, and the untreated patient has no donor cells.
        var model = PhysiologyModel.Create(new PatientCovariates());
        var c = model.Catalogue;
        Assert.Equal(c.Host.All.Members.Length, c.Donor.All.Members.Length);
        var counts = model.Network.Compartments.Select(x => x.InitialCount).ToArray();
        Assert.Equal(0, c.Donor.All.Sum(counts));
        Assert.True(c.Host.TCells.Sum(counts) > 1e9);
        Assert.Equal(c.Host.TCells.Sum(counts), c.AllTCells.Sum(counts));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Catalogue_ToleranceGroups_OneCellTypeOfEveryOriginPerGroupAndNoneForTissues(int donorUnits)
    {
        // Each group holds the same cell type of the host and of every donor unit (what readouts add up), nothing else.
        var model = PhysiologyModel.Create(new PatientCovariates(), allogeneicUnits: donorUnits);
        var c = model.Catalogue;
        var groups = c.ToleranceGroups;
        var names = model.Network.Compartments.Select(x => x.Name).ToArray();
        var host = c.Host.All.Members.ToArray();
        for (int k = 0; k < host.Length; k++)
        {
            int[] members = [.. Enumerable.Range(0, groups.Length).Where(i => groups[i] == groups[host[k]])];
            Assert.Equal(1 + donorUnits, members.Length);
            Assert.Equal([host[k].Index, .. c.Donors.Select(d => d.All.Members[k].Index)], members.Order());
            Assert.All(members, m => Assert.EndsWith(names[host[k]][1..], names[m]));
        }
        foreach (int shared in new[] { c.Thymus.Index, c.Niche.Index, c.Autoreactive.Index, c.Antibody.Index })
            Assert.Equal(-1, groups[shared]);
    }

    [Fact]
    public void Catalogue_KillGroups_CoverBothOriginsOfEveryCellGroup()
    {
        var c = PhysiologyModel.Create(new PatientCovariates()).Catalogue;
        foreach (var group in Enum.GetValues<KillGroup>())
        {
            var members = c.KillGroups[(int)group].Members.ToArray();
            Assert.NotEmpty(members);
            Assert.Equal(members.Length, members.Distinct().Count());
            // The shared (host) autoimmunity compartments: plasmablasts die with the mitotic cells, long-lived plasma cells with the post-mitotic ones.
            int[] shared = [c.PlasmaCells.Index, c.ShortLivedPlasmaCells.Index];
            members = [.. members.Where(m => !shared.Contains(m.Index))];
            if (group is KillGroup.Autoreactive or KillGroup.Thymus or KillGroup.Niche) continue;
            var host = c.Host.All.Members.ToArray().ToHashSet();
            Assert.Equal(members.Length, 2 * members.Count(host.Contains));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Catalogue_Groups_ListTheirCompartmentsInTheOrderOfHostThenEachDonor(int donorUnits)
    {
        // The groups are put together with loops (no LINQ or spreads over CompartmentHandle, so that ReadyToRun covers the
        // start-up); the kill-group order decides the order of the per-compartment kills, so it must be the former one: each
        // origin in turn (host, then every donor unit), within an origin the listed compartments in order, and the
        // plasmablasts last among the mitotic cells; an origin's "all" group by index. Rebuilt here with LINQ from the origins.
        var model = PhysiologyModel.Create(new PatientCovariates { Disease = AutoimmuneDisease.SystemicSclerosis }, allogeneicUnits: donorUnits);
        var c = model.Catalogue;
        OriginCompartments[] origins = [c.Host, .. c.Donors];
        Assert.Equal(1 + donorUnits, origins.Length);
        int[] Over(Func<OriginCompartments, IEnumerable<CompartmentHandle>> select) => [.. origins.SelectMany(select).Select(h => h.Index)];
        int[] Of(KillGroup g) => [.. c.KillGroups[(int)g].Members.ToArray().Select(h => h.Index)];
        Assert.Equal(Over(o => o.TCells.Members.ToArray()), c.AllTCells.Members.ToArray().Select(h => h.Index));
        Assert.Equal(Over(o => [o.LongTermStemCells]), Of(KillGroup.Hsc));
        Assert.Equal(Over(o => o.ShortTermStemCells), Of(KillGroup.ShortTermStemCells));
        Assert.Equal(Over(o => o.Mpp), Of(KillGroup.Mpp));
        Assert.Equal(Over(o => [o.GranulocyteProgenitors, o.ErythroidProgenitors, o.MegakaryocyteProgenitors, o.LymphoidProgenitors]), Of(KillGroup.Progenitors));
        Assert.Equal([.. Over(o => [.. o.MitoticNeutrophilPrecursors, .. o.Erythroblasts, .. o.BCellPrecursors, .. o.Megakaryocytes]), c.ShortLivedPlasmaCells.Index], Of(KillGroup.Mitotic));
        Assert.Equal(Over(o => [.. o.PostMitoticNeutrophilPrecursors, o.MarrowNeutrophilReserve, o.Reticulocytes, o.NkPrecursors]), Of(KillGroup.PostMitotic));
        Assert.Equal(Over(o => o.Thymocytes), Of(KillGroup.Thymocytes));
        Assert.Equal(Over(o => [o.NaiveCd4, o.MemoryCd4, o.NaiveCd8, o.MemoryCd8]), Of(KillGroup.TCells));
        Assert.Equal(Over(o => [o.Treg]), Of(KillGroup.Treg));
        Assert.Equal(Over(o => [o.BCells]), Of(KillGroup.BCells));
        Assert.Equal(Over(o => [o.NkCells]), Of(KillGroup.NkCells));
        Assert.Equal([c.PlasmaCells.Index], Of(KillGroup.PlasmaCells));
        Assert.Equal([c.Autoreactive.Index], Of(KillGroup.Autoreactive));
        Assert.Equal([c.Thymus.Index], Of(KillGroup.Thymus));
        Assert.Equal([c.Niche.Index], Of(KillGroup.Niche));
        string[] prefixes = ModelCatalogue.Prefixes(donorUnits);
        var names = model.Network.Compartments.Select(d => d.Name).ToArray();
        for (int u = 0; u < origins.Length; u++)
        {
            var o = origins[u];
            int[] listed = [.. o.All.Members.ToArray().Select(h => h.Index)];
            // Complete: every compartment named by the origin's prefix and a stem (an upper-case letter: "d2N4" is not "d"'s).
            string prefix = prefixes[u];
            int[] named = [.. Enumerable.Range(0, names.Length).Where(i => names[i].Length > prefix.Length && names[i].StartsWith(prefix, StringComparison.Ordinal) && char.IsUpper(names[i][prefix.Length]))];
            Assert.Equal(named, listed);
            Assert.Equal(listed.Order(), listed);
            Assert.Equal(listed.Length, listed.Distinct().Count());
            Assert.Equal(new[] { o.NaiveCd4, o.MemoryCd4, o.Treg, o.NaiveCd8, o.MemoryCd8 }.Select(h => h.Index), o.TCells.Members.ToArray().Select(h => h.Index));
        }
    }
}
