using Reconstitution.Kernel;
using Reconstitution.Kernel.Resources;
using Reconstitution.Monitoring;
using Reconstitution.Randomness;

namespace Reconstitution.TransplantUnit;

/// <summary>
/// Simulates a transplant unit: referrals, apheresis slots and isolation beds as kernel resources, and each
/// patient's stay read from that patient's simulated clinical course. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Each patient's course is simulated first, independently of the unit (patient i is cohort patient i for the same
/// seed, covariates and protocol), in parallel on <see cref="UnitSpecification.Threads"/> threads; the unit is then
/// one discrete-event simulation on one thread. Waiting does not change a patient's course (a documented
/// simplification: the course starts when the patient is admitted). Random streams derive from the seed and a
/// purpose (<c>unit-arrivals</c>, <c>unit-protocols</c>), so the result does not depend on the thread count.
/// </para>
/// <para>Bed requests are served by priority: readmissions (priority 0) before elective admissions (priority 1), first come, first served within each.</para>
/// </remarks>
public static class UnitSimulation
{
    private const int ReadmissionPriority = 0, ElectivePriority = 1;

    /// <summary>Runs the unit until the last patient has left.</summary>
    /// <param name="specification">The unit.</param>
    /// <param name="cancellationToken">Cancels the patients' simulations.</param>
    /// <returns>The patients' paths, the daily occupancy and the summary.</returns>
    /// <exception cref="ArgumentException">The specification is invalid (the message names the field).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static UnitResult Run(UnitSpecification specification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(specification);
        specification.Validate();
        double[] arrivals = Arrivals(specification);
        int[] protocolOf = ChooseProtocols(specification, arrivals.Length);
        var courses = new InpatientCourse[arrivals.Length];
        Parallel.For(0, arrivals.Length, new ParallelOptions { MaxDegreeOfParallelism = specification.Threads, CancellationToken = cancellationToken }, i =>
            courses[i] = PatientCourseAdapter.Simulate(specification.Covariates, specification.Protocols[protocolOf[i]], specification.Seed, i, specification.PatientOptions));

        var sim = new Simulation();
        var recorder = new Recorder();
        var beds = new PriorityResource(sim, specification.Beds, "beds");
        var apheresis = new Resource(sim, specification.ApheresisSlots, "apheresis");
        // The monitors record the level and queue step series that the daily occupancy integrates.
        _ = new ResourceMonitor(beds, recorder);
        _ = new ResourceMonitor(apheresis, recorder);
        var paths = new PatientPath[arrivals.Length];
        for (int i = 0; i < arrivals.Length; i++)
        {
            paths[i] = new PatientPath(i, arrivals[i], courses[i]);
            sim.Process(Pathway(sim, specification, beds, apheresis, paths[i]), "patient " + i);
        }

        sim.Run();
        var daily = UnitOccupancy.Daily(recorder, specification.Beds, (int)Math.Ceiling(Math.Max(sim.Now, specification.HorizonDays)));
        var records = Array.ConvertAll(paths, p => p.ToRecord());
        return new UnitResult(specification, records, daily, UnitOccupancy.Summarize(specification, records, daily));
    }

    private static IEnumerable<SimEvent> Pathway(Simulation sim, UnitSpecification spec, PriorityResource beds, Resource apheresis, PatientPath p)
    {
        InpatientCourse course = p.Course;
        yield return sim.Timeout(p.Arrival);
        if (course.NeedsApheresis)
        {
            yield return sim.Timeout(spec.MobilisationDays);
            using ResourceRequest slot = apheresis.Request();
            yield return slot;
            p.ApheresisDay = sim.Now;
            p.ApheresisWait = sim.Now - slot.RequestedAtDays;
            yield return sim.Timeout(spec.ApheresisDays);
            apheresis.Release(slot);
            yield return sim.Timeout(spec.CollectionToAdmissionDays);
        }
        else
        {
            yield return sim.Timeout(spec.DonorWorkupDays);
        }

        p.Ready = sim.Now;
        using ResourceRequest bed = beds.Request(ElectivePriority);
        if (double.IsPositiveInfinity(spec.MaxBedWaitDays)) yield return bed;
        else yield return sim.AnyOf(bed, sim.Timeout(spec.MaxBedWaitDays));
        p.BedWait = sim.Now - p.Ready.Value;
        if (!bed.IsGranted)
        {
            p.TurnedAway = true;
            yield break; // leaving the using block withdraws the request
        }

        // Admitted the day before conditioning: the course's first day (protocol start − 1) maps to now.
        double admission = sim.Now;
        p.Admission = admission;
        (int day, DischargeReason reason) = spec.Discharge.Apply(course);
        p.Reason = reason;
        yield return sim.Timeout(day - course.FirstDay);
        beds.Release(bed);
        p.Discharge = sim.Now;

        // Readmissions: an infection that begins after discharge, while the patient is out and alive.
        foreach (int onset in course.InfectionDays)
        {
            double at = admission + (onset - course.FirstDay);
            if (onset <= day || at < sim.Now) continue;
            yield return sim.Timeout(at - sim.Now);
            using ResourceRequest back = beds.Request(ReadmissionPriority);
            yield return back;
            p.Readmissions++;
            p.ReadmissionWait += sim.Now - at;
            double deathAt = course.DeathDay is { } d ? admission + (d - course.FirstDay) : double.PositiveInfinity;
            double stay = Math.Max(0, Math.Min(spec.ReadmissionDays, deathAt - sim.Now));
            yield return sim.Timeout(stay);
            p.ReadmissionBedDays += stay;
        }
    }

    private static double[] Arrivals(UnitSpecification spec)
    {
        if (spec.ArrivalDays is { } schedule) return [.. schedule.Order()];
        var rng = RandomStream.Create(spec.Seed, 0, "unit-arrivals");
        double rate = spec.ArrivalsPerMonth / UnitSpecification.DaysPerMonth, horizon = spec.HorizonDays;
        var days = new List<double>();
        for (double t = rng.NextExponential(rate); t < horizon; t += rng.NextExponential(rate)) days.Add(t);
        return [.. days];
    }

    private static int[] ChooseProtocols(UnitSpecification spec, int count)
    {
        int k = spec.Protocols.Count;
        double[] shares = spec.ProtocolShares is { } s ? [.. s] : Enumerable.Repeat(1.0, k).ToArray();
        double total = shares.Sum();
        var rng = RandomStream.Create(spec.Seed, 0, "unit-protocols");
        var chosen = new int[count];
        for (int i = 0; i < count; i++)
        {
            double u = rng.NextUniform() * total;
            int j = 0;
            while (j < k - 1 && u > shares[j]) u -= shares[j++];
            chosen[i] = j;
        }

        return chosen;
    }

    /// <summary>One patient's path, filled in by its process.</summary>
    private sealed class PatientPath(int index, double arrival, InpatientCourse course)
    {
        public InpatientCourse Course { get; } = course;
        public double Arrival { get; } = arrival;
        public double? ApheresisDay { get; set; }
        public double ApheresisWait { get; set; }
        public double? Ready { get; set; }
        public double? Admission { get; set; }
        public double BedWait { get; set; }
        public bool TurnedAway { get; set; }
        public double? Discharge { get; set; }
        public DischargeReason? Reason { get; set; }
        public int Readmissions { get; set; }
        public double ReadmissionBedDays { get; set; }
        public double ReadmissionWait { get; set; }

        public UnitPatientRecord ToRecord() => new()
        {
            Index = index,
            Protocol = Course.Protocol,
            ArrivalDay = Arrival,
            ApheresisDay = ApheresisDay,
            ApheresisWaitDays = ApheresisWait,
            ReadyDay = Ready,
            AdmissionDay = Admission,
            BedWaitDays = BedWait,
            TurnedAway = TurnedAway,
            DischargeDay = Discharge,
            LengthOfStayDays = Discharge - Admission,
            DischargeReason = Admission is null ? null : Reason,
            NeutrophilEngraftmentDay = Course.NeutrophilEngraftmentDay,
            Cd34PerKg = Course.Cd34PerKg,
            Readmissions = Readmissions,
            ReadmissionBedDays = ReadmissionBedDays,
            ReadmissionWaitDays = ReadmissionWait,
        };
    }
}
