using Reconstitution.Analysis;
using Reconstitution.Monitoring;

namespace Reconstitution.TransplantUnit;

/// <summary>Turns the monitored bed and apheresis series into daily occupancy and the unit summary.</summary>
internal static class UnitOccupancy
{
    /// <summary>Exact daily averages of the recorded step series <c>beds.level</c>, <c>beds.queue</c>, <c>apheresis.level</c> for days 0 … days − 1.</summary>
    public static DailyOccupancy[] Daily(Recorder recorder, int beds, int days)
    {
        days = Math.Max(days, 1);
        var occupied = new double[days];
        var max = new double[days];
        var full = new double[days];
        var waiting = new double[days];
        var apheresis = new double[days];
        var unused = new double[days];
        Integrate(Series(recorder, "beds.level"), occupied, max, full, beds);
        Integrate(Series(recorder, "beds.queue"), waiting, unused, null, 0);
        Integrate(Series(recorder, "apheresis.level"), apheresis, unused, null, 0);
        var result = new DailyOccupancy[days];
        for (int k = 0; k < days; k++) result[k] = new DailyOccupancy(k, occupied[k], max[k], full[k], waiting[k], apheresis[k]);
        return result;
    }

    public static UnitSummary Summarize(UnitSpecification spec, UnitPatientRecord[] patients, DailyOccupancy[] daily)
    {
        int start = (int)Math.Floor(spec.WarmupMonths * UnitSpecification.DaysPerMonth);
        int end = Math.Max(start + 1, Math.Min(daily.Length, (int)Math.Floor(spec.HorizonDays)));
        var window = daily.AsSpan(start, end - start);
        double occupied = 0, full = 0, waiting = 0, peak = 0;
        foreach (DailyOccupancy d in window)
        {
            occupied += d.OccupiedBedsMean;
            full += d.FullFraction;
            waiting += d.WaitingForBedMean;
            peak = Math.Max(peak, d.OccupiedBedsMax);
        }

        int days = window.Length;
        var admitted = patients.Where(p => p.AdmissionDay is not null).ToArray();
        double[] waits = [.. admitted.Select(p => p.BedWaitDays)];
        double[] apheresisWaits = [.. patients.Where(p => p.ApheresisDay is not null).Select(p => p.ApheresisWaitDays)];
        return new UnitSummary
        {
            Beds = spec.Beds,
            WindowStartDay = start,
            WindowEndDay = end,
            Referred = patients.Length,
            Admitted = admitted.Length,
            Delayed = admitted.Count(p => p.BedWaitDays > 0),
            TurnedAway = patients.Count(p => p.TurnedAway),
            MeanBedWaitDays = waits.Length == 0 ? double.NaN : waits.Average(),
            P90BedWaitDays = waits.Length == 0 ? double.NaN : SampleQuantiles.Quantile(waits, 0.9),
            MeanApheresisWaitDays = apheresisWaits.Length == 0 ? double.NaN : apheresisWaits.Average(),
            MeanOccupiedBeds = occupied / days,
            Utilisation = occupied / days / spec.Beds,
            FullFraction = full / days,
            MaxOccupiedBeds = peak,
            MeanWaitingForBed = waiting / days,
            Readmissions = patients.Sum(p => p.Readmissions),
            LengthOfStay = [.. spec.Protocols.Select(p => p.Name).Distinct().Select(name => LengthOfStay(name, admitted.Where(p => p.Protocol == name).ToArray()))],
        };
    }

    private static LengthOfStaySummary LengthOfStay(string protocol, UnitPatientRecord[] admitted)
    {
        double[] stays = [.. admitted.Select(p => p.LengthOfStayDays!.Value)];
        double Q(double p) => stays.Length == 0 ? double.NaN : SampleQuantiles.Quantile(stays, p);
        return new LengthOfStaySummary(
            protocol,
            stays.Length,
            stays.Length == 0 ? double.NaN : stays.Average(),
            Q(0.5),
            Q(0.1),
            Q(0.9),
            stays.Length == 0 ? double.NaN : stays.Min(),
            stays.Length == 0 ? double.NaN : stays.Max(),
            admitted.Count(p => p.DischargeReason == DischargeReason.Died),
            admitted.Count(p => p.DischargeReason == DischargeReason.Unresolved),
            admitted.Count(p => p.Readmissions > 0));
    }

    private static TimeSeries Series(Recorder recorder, string name) =>
        recorder.TryGetSeries(name, out TimeSeries? s) ? s : new TimeSeries(name);

    /// <summary>Adds each day's time integral of the step function (value i held from time i to time i + 1) and its maximum.</summary>
    private static void Integrate(TimeSeries series, double[] mean, double[] max, double[]? full, double fullLevel)
    {
        ReadOnlySpan<double> t = series.TimesDays, v = series.Values;
        int days = mean.Length;
        for (int j = 0; j < t.Length; j++)
        {
            double from = t[j], to = j + 1 < t.Length ? t[j + 1] : days;
            int k = (int)Math.Floor(from);
            if (k < days && k >= 0) max[k] = Math.Max(max[k], v[j]);
            for (; k < days && k < to; k++)
            {
                double a = Math.Max(from, k), b = Math.Min(to, k + 1);
                if (b <= a) continue;
                mean[k] += v[j] * (b - a);
                max[k] = Math.Max(max[k], v[j]);
                if (full is not null && v[j] >= fullLevel) full[k] += b - a;
            }
        }
    }
}
