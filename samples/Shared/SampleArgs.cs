// Command-line options every sample understands. Linked into each sample project (see its .csproj),
// so the Program.cs files can stay about the scenario.
//
//   --quick          a small, fast run (a few seconds; what CI uses)
//   --patients N     patients per cohort (overrides the sample's default)
//   --days N         days to simulate after the infusion
//   --seed N         random seed (same seed, same results)
//   --out DIR        where to write the charts (default ./out/<sample>)

using System.Globalization;

internal sealed record SampleArgs(bool Quick, int? Patients, int? Days, ulong Seed, string OutDirectory, IReadOnlyDictionary<string, string> Extra)
{
    /// <summary>Parses the common options and, if named in <paramref name="extraOptions"/>, a sample's own (e.g. "--protocol").</summary>
    public static SampleArgs Parse(string[] args, string sampleName, params string[] extraOptions)
    {
        var extra = new Dictionary<string, string>();
        bool quick = false;
        int? patients = null, days = null;
        ulong seed = 1;
        string output = Path.Combine("out", sampleName);
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option '{args[i]}' needs a value.");
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--patients": patients = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--days": days = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--out": output = Next(); break;
                case var name when extraOptions.Contains(name): extra[name] = Next(); break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'; allowed: --quick, --patients N, --days N, --seed N, --out DIR{string.Concat(extraOptions.Select(o => ", " + o + " VALUE"))}.");
            }
        }
        Directory.CreateDirectory(output);
        return new SampleArgs(quick, patients, days, seed, output, extra);
    }

    /// <summary>Patients per cohort: --patients if given, else the quick or the normal default.</summary>
    public int PatientsOr(int normal, int quick) => Patients ?? (Quick ? quick : normal);

    /// <summary>Days to simulate: --days if given, else the quick or the normal default.</summary>
    public int DaysOr(int normal, int quick) => Days ?? (Quick ? quick : normal);

    /// <summary>The full path of an output file, printed so the student can open it.</summary>
    public string File(string name)
    {
        string path = Path.GetFullPath(Path.Combine(OutDirectory, name));
        Console.WriteLine($"  wrote {path}");
        return path;
    }
}
