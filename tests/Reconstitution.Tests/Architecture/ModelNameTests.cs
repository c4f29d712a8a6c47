using System.Reflection;
using System.Text.RegularExpressions;
using Reconstitution.Physiology;

namespace Reconstitution.Tests.Architecture;

/// <summary>
/// Only the model catalogue (<see cref="ModelCatalogue"/>, <see cref="OriginCompartments"/>, <see cref="ModelSignals"/>) and
/// the network builder spell the names of the physiology network's compartments, signals and run-time parameters; every
/// other piece of code uses the catalogue's typed handles.
/// </summary>
public sealed partial class ModelNameTests
{
    private static readonly string[] CatalogueFiles =
    [
        Path.Combine("Physiology", "ModelCatalogue.cs"), Path.Combine("Physiology", "OriginCompartments.cs"),
        Path.Combine("Physiology", "ModelSignals.cs"), Path.Combine("Physiology", "PhysiologyNetworkBuilder.cs"),
    ];

    [Fact]
    public void Source_OutsideCatalogueAndBuilder_SpellsNoModelName()
    {
        var names = ModelNames();
        var hits = new List<string>();
        string srcRoot = Path.GetDirectoryName(SourceFiles.LibraryRoot)!;
        foreach (string path in Directory.EnumerateFiles(srcRoot, "*.cs", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(srcRoot, path);
            if (rel.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            bool library = rel.StartsWith("Reconstitution" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            if (library && CatalogueFiles.Any(f => rel.EndsWith(f, StringComparison.Ordinal))) continue;
            string code = SourceFiles.Code(File.ReadAllText(path), keepStrings: true);
            foreach (Match m in Literal().Matches(code))
            {
                string value = m.Groups[1].Value;
                // Outside the library a one-letter literal is an argument label ("A" and "B" of compare), not a compartment.
                if (names.Contains(value) && (library || value.Length > 1))
                    hits.Add($"{rel}:{code[..m.Index].Count(c => c == '\n') + 1}: \"{value}\"");
            }
        }
        Assert.True(hits.Count == 0, "Model names spelled outside the catalogue (use ModelCatalogue handles):\n" + string.Join("\n", hits));
    }

    [Fact]
    public void ModelNames_IncludeCompartmentsSignalsAndParameters()
    {
        // The scan above is only as good as its name list.
        var names = ModelNames();
        var model = PhysiologyModel.Create(new PatientCovariates { Disease = AutoimmuneDisease.AutoimmuneHemolyticAnemia });
        Assert.Contains(model.Network.Compartments[model.Catalogue.Host.BloodNeutrophils].Name, names);
        Assert.Contains(model.Network.Compartments[model.Catalogue.Autoreactive].Name, names);
        Assert.Contains(ModelSignals.GraftVersusHostKill, names);
        Assert.Contains(ModelSignals.DiseaseHemolysis, names);
        Assert.Contains(ModelSignals.ExtraDeathParameter(KillGroup.TCells, 0, "max"), names);
    }

    private static HashSet<string> ModelNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var disease in Enum.GetValues<AutoimmuneDisease>())
        {
            var network = PhysiologyModel.Create(new PatientCovariates { Disease = disease }).Network;
            foreach (var c in network.Compartments) names.Add(c.Name);
            foreach (var s in network.Signals) names.Add(s.Name);
            foreach (var p in network.Parameters) names.Add(p.Name);
        }
        foreach (var f in typeof(ModelSignals).GetFields(BindingFlags.Public | BindingFlags.Static))
            if (f.IsLiteral && f.GetRawConstantValue() is string s) names.Add(s);
        return names;
    }

    // A regular or interpolated string literal's contents.
    [GeneratedRegex(@"\$?""((?:\\.|[^""\\\n])*)""")]
    private static partial Regex Literal();
}
