using System.Globalization;
using System.Text;
using System.Text.Json;
using Reconstitution.Output;
using Reconstitution.Output.Charts;

namespace Reconstitution.TransplantUnit;

/// <summary>The unit model's CSV, JSON and SVG outputs (columns and fields in docs/outputs.md).</summary>
internal static class UnitFiles
{
    public static readonly string[] Names = ["unit-patients.csv", "unit-occupancy.csv", "unit-summary.json", "occupancy.svg"];

    public static readonly string[] PatientColumns =
    [
        "patient", "protocol", "arrivalDay", "apheresisDay", "apheresisWaitDays", "readyDay", "admissionDay", "bedWaitDays", "turnedAway",
        "dischargeDay", "lengthOfStayDays", "dischargeReason", "neutrophilEngraftmentDay", "cd34PerKgInfused", "readmissions",
        "readmissionBedDays", "readmissionWaitDays",
    ];

    public static readonly string[] OccupancyColumns =
        ["day", "beds", "occupiedBedsMean", "occupiedBedsMax", "fullFraction", "waitingForBedMean", "apheresisInUseMean"];

    public static string PatientsCsv(IReadOnlyList<UnitPatientRecord> patients)
    {
        var sb = new StringBuilder().Append(string.Join(',', PatientColumns)).Append('\n');
        foreach (var p in patients)
        {
            sb.AppendJoin(',',
                CsvFormat.Int(p.Index), CsvFormat.Text(p.Protocol), CsvFormat.Exact(p.ArrivalDay), CsvFormat.Exact(p.ApheresisDay),
                CsvFormat.Exact(p.ApheresisWaitDays), CsvFormat.Exact(p.ReadyDay), CsvFormat.Exact(p.AdmissionDay), CsvFormat.Exact(p.BedWaitDays),
                CsvFormat.Bool(p.TurnedAway), CsvFormat.Exact(p.DischargeDay), CsvFormat.Exact(p.LengthOfStayDays), Reason(p.DischargeReason),
                CsvFormat.Int(p.NeutrophilEngraftmentDay), CsvFormat.Exact(p.Cd34PerKg), CsvFormat.Int(p.Readmissions),
                CsvFormat.Exact(p.ReadmissionBedDays), CsvFormat.Exact(p.ReadmissionWaitDays)).Append('\n');
        }

        return sb.ToString();
    }

    public static string OccupancyCsv(IReadOnlyList<DailyOccupancy> daily, int beds)
    {
        var sb = new StringBuilder().Append(string.Join(',', OccupancyColumns)).Append('\n');
        foreach (var d in daily)
        {
            sb.AppendJoin(',', CsvFormat.Int(d.Day), CsvFormat.Int(beds), CsvFormat.Compact(d.OccupiedBedsMean), CsvFormat.Compact(d.OccupiedBedsMax),
                CsvFormat.Compact(d.FullFraction), CsvFormat.Compact(d.WaitingForBedMean), CsvFormat.Compact(d.ApheresisInUseMean)).Append('\n');
        }

        return sb.ToString();
    }

    public static string Json(UnitResult result)
    {
        UnitSpecification spec = result.Specification;
        UnitSummary s = result.Summary;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("protocols");
            foreach (var p in spec.Protocols) w.WriteStringValue(p.Name);
            w.WriteEndArray();
            w.WriteNumber("beds", spec.Beds);
            w.WriteNumber("apheresisSlots", spec.ApheresisSlots);
            if (spec.ArrivalDays is null) w.WriteNumber("arrivalsPerMonth", spec.ArrivalsPerMonth);
            else w.WriteNull("arrivalsPerMonth");
            w.WriteNumber("months", spec.Months);
            w.WriteNumber("warmupMonths", spec.WarmupMonths);
            w.WriteNumber("seed", spec.Seed);
            Num(w, "maxBedWaitDays", spec.MaxBedWaitDays);
            w.WriteStartObject("dischargeRule");
            w.WriteNumber("ancThresholdE9PerLiter", spec.Discharge.AncThresholdE9PerLiter);
            w.WriteNumber("ancConsecutiveDays", spec.Discharge.AncConsecutiveDays);
            w.WriteNumber("transfusionFreeDays", spec.Discharge.TransfusionFreeDays);
            w.WriteNumber("infectionFreeDays", spec.Discharge.InfectionFreeDays);
            w.WriteNumber("earliestDayAfterInfusion", spec.Discharge.EarliestDayAfterInfusion);
            w.WriteEndObject();
            w.WriteNumber("windowStartDay", s.WindowStartDay);
            w.WriteNumber("windowEndDay", s.WindowEndDay);
            w.WriteNumber("referred", s.Referred);
            w.WriteNumber("admitted", s.Admitted);
            w.WriteNumber("delayed", s.Delayed);
            w.WriteNumber("turnedAway", s.TurnedAway);
            Num(w, "meanBedWaitDays", s.MeanBedWaitDays);
            Num(w, "p90BedWaitDays", s.P90BedWaitDays);
            Num(w, "meanApheresisWaitDays", s.MeanApheresisWaitDays);
            Num(w, "meanOccupiedBeds", s.MeanOccupiedBeds);
            Num(w, "utilisation", s.Utilisation);
            Num(w, "fullFraction", s.FullFraction);
            Num(w, "maxOccupiedBeds", s.MaxOccupiedBeds);
            Num(w, "meanWaitingForBed", s.MeanWaitingForBed);
            w.WriteNumber("readmissions", s.Readmissions);
            w.WriteStartArray("lengthOfStay");
            foreach (var l in s.LengthOfStay)
            {
                w.WriteStartObject();
                w.WriteString("protocol", l.Protocol);
                w.WriteNumber("admitted", l.Admitted);
                Num(w, "meanDays", l.MeanDays);
                Num(w, "medianDays", l.MedianDays);
                Num(w, "p10Days", l.P10Days);
                Num(w, "p90Days", l.P90Days);
                Num(w, "minDays", l.MinDays);
                Num(w, "maxDays", l.MaxDays);
                w.WriteNumber("diedInUnit", l.DiedInUnit);
                w.WriteNumber("unresolved", l.Unresolved);
                w.WriteNumber("readmitted", l.Readmitted);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static Chart Chart(UnitResult result)
    {
        UnitSpecification spec = result.Specification;
        UnitSummary s = result.Summary;
        var inv = CultureInfo.InvariantCulture;
        double[] day = [.. result.Daily.Select(d => d.Day + 0.5)];
        double top = Math.Max(spec.Beds, result.Daily.Max(d => Math.Max(d.OccupiedBedsMax, d.WaitingForBedMean))) * 1.1;
        string protocols = string.Join(" + ", spec.Protocols.Select(p => p.Name));
        string arrivals = spec.ArrivalDays is null ? string.Create(inv, $"{spec.ArrivalsPerMonth:0.###} referrals/month") : $"{spec.ArrivalDays.Count} scheduled referrals";
        return new Chart($"Isolation bed occupancy — {protocols}", ChartAxis.Linear("Time since the unit opened", "days", 0, result.Daily.Count), ChartAxis.Linear("Patients", "", 0, top))
            .WithSubtitle(string.Create(inv, $"{spec.Beds} beds, {arrivals} for {spec.Months:0.##} months, seed {spec.Seed}"))
            .AddLine("Occupied beds (daily mean)", day, [.. result.Daily.Select(d => d.OccupiedBedsMean)])
            .AddLine("Occupied beds (daily max)", day, [.. result.Daily.Select(d => d.OccupiedBedsMax)])
            .AddLine("Waiting for a bed (daily mean)", day, [.. result.Daily.Select(d => d.WaitingForBedMean)])
            .AddReferenceLine(string.Create(inv, $"{spec.Beds} beds"), spec.Beds)
            .AddMarker("End of warm-up", s.WindowStartDay)
            .AddMarker("End of referrals", spec.HorizonDays)
            .WithLegend(LegendPosition.Bottom)
            .WithCaption(string.Create(inv,
                $"Window days {s.WindowStartDay:0}–{s.WindowEndDay:0}: mean {s.MeanOccupiedBeds:0.0} beds occupied ({100 * s.Utilisation:0}%), all full {100 * s.FullFraction:0}% of the time; {s.Delayed} of {s.Admitted} admissions delayed, {s.TurnedAway} turned away."));
    }

    private static string Reason(DischargeReason? reason) => reason switch
    {
        DischargeReason.Discharged => "discharged",
        DischargeReason.Died => "died",
        DischargeReason.Unresolved => "unresolved",
        _ => "",
    };

    private static void Num(Utf8JsonWriter w, string name, double value) => JsonNumber.Write(w, name, value);
}
