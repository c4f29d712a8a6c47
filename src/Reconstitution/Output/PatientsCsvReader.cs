using System.Globalization;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;

namespace Reconstitution.Output;

/// <summary>
/// Reads <c>patients.csv</c> back into <see cref="PatientRecord"/>s, exactly as written (numbers are shortest
/// round-trip), so <see cref="CohortSummary.FromRecords"/> on the records of several shards, concatenated in patient
/// order, gives the summary of one run over all of them. Stateless and thread-safe.
/// </summary>
/// <remarks>Use it to merge shards of a cohort or to analyse a finished run in code; to write the file use <see cref="PatientsCsvWriter"/>.</remarks>
public static class PatientsCsvReader
{
    /// <summary>Reads a file.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The records, in file order.</returns>
    /// <exception cref="FormatException">The header or a row is not what <see cref="PatientsCsvWriter"/> writes; the message names the line and column.</exception>
    public static IReadOnlyList<PatientRecord> Read(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads records from text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="sourceName">A label for error messages.</param>
    /// <returns>The records, in order.</returns>
    /// <exception cref="FormatException">The header or a row is malformed.</exception>
    public static IReadOnlyList<PatientRecord> Read(TextReader reader, string sourceName = "patients.csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        string expected = string.Join(',', PatientsCsvWriter.Columns);
        string? header = reader.ReadLine();
        if (header != expected) throw new FormatException($"{sourceName}:1: the header is not that of patients.csv ({HeaderDifference(header)}).");
        var records = new List<PatientRecord>();
        int lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var f = Split(line);
            if (f.Count != PatientsCsvWriter.Columns.Count)
                throw new FormatException($"{sourceName}:{lineNumber}: {f.Count} fields; expected {PatientsCsvWriter.Columns.Count}.");
            records.Add(Parse(f, sourceName, lineNumber));
        }
        return records;
    }

    private static PatientRecord Parse(List<string> f, string source, int line)
    {
        int col = 0;
        string Next() => f[col++];
        FormatException Bad(string what) => new($"{source}:{line}: column '{PatientsCsvWriter.Columns[col - 1]}': {what}.");
        double Dbl() { string s = Next(); return s.Length == 0 ? double.NaN : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw Bad($"'{s}' is not a number"); }
        double? NDbl() { double v = Dbl(); return double.IsNaN(v) ? null : v; }
        int? NInt() { string s = Next(); return s.Length == 0 ? null : int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw Bad($"'{s}' is not a whole number"); }
        int Int() => NInt() ?? throw Bad("empty");
        // "NA": never below the threshold, which the outcome records as engraftment day 0 (PatientOutcome.NeverNeutropenic).
        int? EngraftmentDay()
        {
            if (f[col] != CsvFormat.NotApplicable) return NInt();
            col++;
            return 0;
        }
        bool Bool() => Next() switch { "true" => true, "false" => false, var s => throw Bad($"'{s}' is not true or false") };

        int index = Int();
        double age = Dbl();
        var sex = Next() switch { "female" => BiologicalSex.Female, "male" => BiologicalSex.Male, var s => throw Bad($"'{s}' is not male or female") };
        double weight = Dbl();
        string diseaseText = Next();
        if (!DiseaseNames.TryParse(diseaseText, out var disease)) throw Bad($"'{diseaseText}' is not a disease");
        var covariates = new PatientCovariates { AgeYears = age, Sex = sex, WeightKg = weight, Disease = disease };
        var outcome = new PatientOutcome
        {
            Protocol = Next(),
            LastDay = Dbl(),
            Grafted = Bool(),
            Cd34PerKgInfused = Dbl(),
            NeutrophilEngraftmentDay = EngraftmentDay(),
            PlateletEngraftmentDay = EngraftmentDay(),
            PrimaryGraftFailure = Bool(),
            AncNadirE9PerLiter = Dbl(),
            PlateletNadirE9PerLiter = Dbl(),
            HemoglobinNadirGPerDl = Dbl(),
            DaysAncBelow0_5 = Int(),
            DaysPlateletsBelow20 = Int(),
            DaysPlateletsBelow10 = Int(),
            RedCellUnits = Int(),
            PlateletTransfusions = Int(),
            Infections = Int(),
            AcuteGvhdDay = NInt(),
            ChronicGvhdDay = NInt(),
            RejectionDay = NInt(),
            DonorChimerismDay30Percent = NDbl(),
            DonorChimerismDay100Percent = NDbl(),
            DonorChimerismLastPercent = Dbl(),
            DonorTCellChimerismLastPercent = Dbl(),
            HasDisease = Bool(),
            AutoreactiveBeforeCells = Dbl(),
            GraftAutoreactiveCells = Dbl(),
            AutoreactiveNadirCells = Dbl(),
            AutoreactiveEradicationDay = NInt(),
            RelapseDay = NInt(),
            DeathDay = NInt(),
            DeathCause = Next() is { Length: > 0 } cause ? cause : null,
        };
        var lymph = new double[PatientRecord.LymphocyteDays.Count * PatientRecord.LymphocyteSubsets.Count];
        for (int i = 0; i < lymph.Length; i++) lymph[i] = Dbl();
        bool? NBool() { if (f[col] == CsvFormat.NotApplicable) { col++; return null; } return Bool(); }
        var responded = NBool();
        int? responseDay = NInt();
        var relapsed = NBool();
        int? lossDay = NInt();
        if ((responded is null) == outcome.HasDisease || (relapsed is null) == outcome.HasDisease)
            throw new FormatException($"{source}:{line}: columns 'response' and 'relapse' must be true or false with disease and NA without it.");
        if ((responded == true) != (responseDay is not null) || (relapsed == true) != (lossDay is not null))
            throw new FormatException($"{source}:{line}: columns 'response'/'responseDay' or 'relapse'/'lossOfResponseDay' disagree.");
        outcome = outcome with
        {
            ResponseDay = responseDay,
            LossOfResponseDay = lossDay,
            GraftFailureCause = Next() is { Length: > 0 } failureCause ? failureCause : null,
            DominantUnit = NInt(),
            DominantUnitDay = NInt(),
        };
        double karnofsky = Dbl();
        if (!(karnofsky is >= 10 and <= 100)) throw Bad($"'{f[col - 1]}' is not a Karnofsky score in [10, 100] points");
        covariates = covariates with { KarnofskyScore = karnofsky };
        return new PatientRecord { Index = index, Covariates = covariates, Outcome = outcome, Lymphocytes = lymph };
    }

    // What a header lacks or has too many of, against this version's columns: a file from an older version (e.g. one
    // written before the karnofskyScore column) is named as such instead of showing only the header's common start.
    private static string HeaderDifference(string? header)
    {
        if (string.IsNullOrEmpty(header)) return "the file is empty";
        var columns = PatientsCsvWriter.Columns;
        var found = header.Split(',');
        var missing = columns.Except(found).ToList();
        var extra = found.Except(columns).ToList();
        if (missing.Count == 0 && extra.Count == 0) return "the columns are in another order than this version writes";
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"missing {string.Join(", ", missing.Take(5).Select(c => $"'{c}'"))}{(missing.Count > 5 ? $" and {missing.Count - 5} more" : "")}");
        if (extra.Count > 0) parts.Add($"unknown {string.Join(", ", extra.Take(5).Select(c => $"'{c}'"))}{(extra.Count > 5 ? $" and {extra.Count - 5} more" : "")}");
        return string.Join("; ", parts) + "; a file written by another version of Reconstitution is read by that version";
    }

    // RFC 4180 fields on one line: commas separate, double quotes enclose, "" is a quote.
    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var sb = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        fields.Add(sb.ToString());
        return fields;
    }
}
