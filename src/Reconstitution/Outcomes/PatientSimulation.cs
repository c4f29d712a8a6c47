using Reconstitution.Kernel;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Outcomes;

/// <summary>
/// Runs one patient through a protocol: builds the patient at its untreated steady state on day
/// <see cref="IProtocol.StartDay"/> − 1, lets the protocol schedule its actions on a kernel <see cref="Simulation"/>,
/// observes the readouts daily, evaluates the clinical hazards daily, and returns the <see cref="PatientCourse"/>.
/// Stateless and thread-safe (each call has its own patient and random streams).
/// </summary>
/// <remarks>
/// Random streams derive from (seed, patient index, purpose): <c>"patient"</c> (individual parameters),
/// <c>"physiology"</c> (the compartment system and graft homing), <c>"treatment"</c> (the protocol's stream) and
/// <c>"clinical"</c> (the hazards), so a patient's course never depends on thread count or run order.
/// </remarks>
public static class PatientSimulation
{
    /// <summary>Draws a virtual patient from covariates (unless variability is off) and runs it.</summary>
    /// <param name="covariates">The patient's covariates.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="seed">The cohort seed.</param>
    /// <param name="patientIndex">The patient's index in the cohort, ≥ 0.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <returns>The course.</returns>
    public static PatientCourse Run(PatientCovariates covariates, IProtocol protocol, ulong seed, long patientIndex = 0, PatientSimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        options ??= PatientSimulationOptions.Default;
        return Run(Draw(covariates, seed, patientIndex, options), protocol, seed, patientIndex, options);
    }

    /// <summary>The virtual patient that <see cref="Run(PatientCovariates, IProtocol, ulong, long, PatientSimulationOptions?)"/> simulates.</summary>
    internal static VirtualPatient Draw(PatientCovariates covariates, ulong seed, long patientIndex, PatientSimulationOptions options) =>
        options.BetweenPatientVariability
            ? VirtualPatient.Draw(covariates, options.Parameters, RandomStream.Create(seed, patientIndex, "patient"), options.Autoimmunity)
            : new VirtualPatient(covariates, options.Parameters ?? PhysiologyParameters.Default,
                covariates.Disease == AutoimmuneDisease.None ? null : options.Autoimmunity ?? AutoimmunityParameters.ForDisease(covariates.Disease));

    /// <summary>Runs a virtual patient through a protocol.</summary>
    /// <param name="patient">The virtual patient.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="seed">The cohort seed.</param>
    /// <param name="patientIndex">The patient's index in the cohort, ≥ 0.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <returns>The course.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The protocol's start day is after day 0 or before day −60.</exception>
    public static PatientCourse Run(VirtualPatient patient, IProtocol protocol, ulong seed, long patientIndex = 0, PatientSimulationOptions? options = null)
    {
        var run = Start(patient, protocol, seed, patientIndex, options);
        run.Simulation.Run(run.StopTime);
        return Finish(run);
    }

    /// <summary>
    /// Sets a patient's run up, as <see cref="Run(VirtualPatient, IProtocol, ulong, long, PatientSimulationOptions?)"/> does, without
    /// running it: the caller runs <see cref="PatientRun.Simulation"/> to <see cref="PatientRun.StopTime"/> (in one go or in
    /// segments) and then calls <see cref="Finish"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The protocol's start day is after day 0 or before day −60.</exception>
    internal static PatientRun Start(VirtualPatient patient, IProtocol protocol, ulong seed, long patientIndex, PatientSimulationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentOutOfRangeException.ThrowIfNegative(patientIndex);
        options ??= PatientSimulationOptions.Default;
        options.Risks.Validate();
        if (protocol.StartDay > 0 || protocol.StartDay < -60)
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol.StartDay, $"Protocol '{protocol.Name}' has StartDay {protocol.StartDay}; allowed: [-60, 0].");

        double start = protocol.StartDay - 1, end = options.Days;
        if (options.Future is { } f && f.AfterDay < start)
            throw new ArgumentOutOfRangeException(nameof(options), f.AfterDay, $"Future.AfterDay {f.AfterDay} is before the first simulated day {start} of protocol '{protocol.Name}'.");
        var model = patient.CreateModel(protocol.AllogeneicUnits);
        RandomStream physiology = RandomStream.Create(seed, patientIndex, "physiology"), treatment = RandomStream.Create(seed, patientIndex, "treatment"),
            clinical = RandomStream.Create(seed, patientIndex, "clinical");
        var person = new Patient(model, physiology, options.Solver, start);
        var sim = new Simulation(start);
        sim.AddAdvancer(person);
        var context = new TreatmentContext(sim, person, treatment, options.Effects);
        double autoBefore = person.Readouts.AutoreactiveCells, daiBefore = person.Readouts.DiseaseActivity;
        // The cancellation is checked by the daily observation (each day's observation throws once cancelled, before it records).
        person.ObserveDailyUntilCancelled(sim, end, options.Cancellation);
        protocol.Schedule(context);
        var course = new ClinicalCourse(context, options.Risks, options.GraftFailure, options.OrganToxicity, clinical);
        // The future's randomness (FutureRandomness): after every event of the split day, so the past is the seed's alone.
        if (options.Future is { } future && future.AfterDay < end)
            sim.Schedule(future.AfterDay, () => { physiology.Rekey(future.Seed); treatment.Rekey(future.Seed); clinical.Rekey(future.Seed); }, int.MaxValue);
        course.Start(sim, end);
        return new PatientRun(patient, protocol.Name, person, sim, context, course, end + 0.5, autoBefore, daiBefore, options.GraftFailure);
    }

    /// <summary>The course of a run that <see cref="Start"/> set up and the caller ran to <see cref="PatientRun.StopTime"/>: the outcome
    /// summarised from the daily readouts, the clinical record and, with an autoimmune disease, the disease response.</summary>
    internal static PatientCourse Finish(PatientRun run)
    {
        var (person, context) = (run.Person, run.Context);
        bool hasDisease = person.Model.Autoimmunity is not null;
        var outcome = Summarize(run.Protocol, person.Trajectory, context, run.Course.Record, hasDisease, run.AutoreactiveBefore, run.DiseaseActivityBefore, run.GraftFailure);
        if (outcome.HasDisease)
        {
            var (response, loss) = DiseaseResponse.Evaluate(person.Model.Covariates.Disease, person.Trajectory, context.RedCellTransfusionDays, context.PlateletTransfusionDays,
                run.DiseaseActivityBefore);
            outcome = outcome with { ResponseDay = response, LossOfResponseDay = loss };
        }
        return new PatientCourse(run.VirtualPatient, person.Trajectory, context.Events, outcome);
    }

    private static int? Day(double? d) => d is { } x ? (int)Math.Floor(x + 1e-9) : null;

    internal static PatientOutcome Summarize(string protocol, ReadoutTrajectory tr, TreatmentContext context, ClinicalRecord record, bool hasDisease, double autoBefore, double daiBefore,
        GraftFailureCriteria? criteria = null)
    {
        criteria ??= GraftFailureCriteria.Default;
        int n = tr.Count;
        var days = tr.Days;
        int first = (int)Math.Round(days[0]);
        int zero = Math.Max(0, -first);
        var anc = tr.Values(Measure.Anc);
        var plt = tr.Values(Measure.Platelets);
        var hb = tr.Values(Measure.Hb);
        var chim = tr.Values(Measure.DonorChimerism);
        var auto = tr.Values(Measure.Autoreactive);
        var dai = tr.Values(Measure.DiseaseActivity);
        double lastDay = days[n - 1];
        int? neutro = null, platelet = null;
        double ancNadir = double.PositiveInfinity, pltNadir = double.PositiveInfinity, hbNadir = double.PositiveInfinity;
        int below05 = 0, below20 = 0, below10 = 0;
        if (zero < n)
        {
            neutro = EngraftmentCriteria.NeutrophilEngraftmentDay(anc, first);
            platelet = EngraftmentCriteria.PlateletEngraftmentDay(plt, first, context.PlateletTransfusionDaySpan);
            for (int i = zero; i < n; i++)
            {
                ancNadir = Math.Min(ancNadir, anc[i]);
                pltNadir = Math.Min(pltNadir, plt[i]);
                hbNadir = Math.Min(hbNadir, hb[i]);
                if (anc[i] < 0.5) below05++;
                if (plt[i] < 20) below20++;
                if (plt[i] < 10) below10++;
            }
        }
        var graft = context.Graft;
        bool failure = false;
        string? failureCause = null;
        if (graft is not null)
        {
            int limit = criteria.DayFor(graft.Source is GraftSource.SingleCord or GraftSource.DoubleCord);
            bool rejectedEarly = record.RejectionDay is { } rj && (neutro is null || rj <= limit);
            // Autologous reconstitution counts as graft failure: counts recovered but fewer than the criterion's donor share on the
            // failure day ("primary graft failure with autologous reconstitution", Rondón et al., Biol Blood Marrow Transplant
            // 2008;14:859). The ASTCT consensus (Kharfan-Dabaja et al., Transplant Cell Ther 2021;27:642) supplies the day +28/+42
            // ANC rule; its graft-failure definition has no donor-percentage cut-off.
            int li = limit - first;
            bool autologousRecovery = !graft.IsAutologous && li >= 0 && li < n && chim[li] < criteria.DonorChimerismPercent;
            if (lastDay >= limit && ((neutro is null || neutro > limit) || rejectedEarly || autologousRecovery)) failure = true;
            // Cause (GraftFailureCriteria): rejection when the donor's cells are gone (observed rejection, or a donor share below the
            // criterion on the failure day); poor graft function when the donor's cells are there but the counts are not.
            if (failure)
                failureCause = !graft.IsAutologous && (rejectedEarly || (record.DonorShareOnFailureDayPercent ?? 0) < criteria.DonorChimerismPercent)
                    ? GraftFailureCauses.Rejection : GraftFailureCauses.PoorGraftFunction;
        }
        var (dominantUnit, dominantDay) = UnitDominance(tr);
        static double? At(ReadOnlySpan<double> values, int index) => index >= 0 && index < values.Length ? values[index] : null;

        int? eradication = null, relapse = null;
        double autoNadir = autoBefore;
        if (hasDisease)
        {
            int lastPositive = -1;
            for (int i = 0; i < n; i++) if (auto[i] > 0) lastPositive = i;
            if (lastPositive < n - 1) eradication = first + lastPositive + 1;
            for (int i = zero; i < n; i++) autoNadir = Math.Min(autoNadir, auto[i]);
            double threshold = 2.0 / 3.0 * daiBefore;
            bool responded = false;
            for (int i = zero; i < n; i++)
            {
                if (dai[i] < threshold) responded = true;
                else if (responded && first + i >= 30) { relapse = first + i; break; }
            }
        }
        double graftAutoreactive = 0;   // in infusion order from 0, as Enumerable.Sum adds (the same bits), without an enumerator
        for (int u = 0; u < context.Units.Count; u++) graftAutoreactive += context.Units[u].Cells.Autoreactive;
        return new PatientOutcome
        {
            Protocol = protocol,
            LastDay = lastDay,
            Grafted = graft is not null,
            Cd34PerKgInfused = context.Cd34PerKgInfused ?? 0,
            NeutrophilEngraftmentDay = neutro,
            PlateletEngraftmentDay = platelet,
            PrimaryGraftFailure = failure,
            GraftFailureCause = failureCause,
            DominantUnit = dominantUnit,
            DominantUnitDay = dominantDay,
            AncNadirE9PerLiter = double.IsInfinity(ancNadir) ? double.NaN : ancNadir,
            PlateletNadirE9PerLiter = double.IsInfinity(pltNadir) ? double.NaN : pltNadir,
            HemoglobinNadirGPerDl = double.IsInfinity(hbNadir) ? double.NaN : hbNadir,
            DaysAncBelow0_5 = below05,
            DaysPlateletsBelow20 = below20,
            DaysPlateletsBelow10 = below10,
            RedCellUnits = context.RedCellTransfusionDays.Count,
            PlateletTransfusions = context.PlateletTransfusionDays.Count,
            Infections = record.Infections,
            AcuteGvhdDay = Day(record.AcuteGvhdDay),
            ChronicGvhdDay = Day(record.ChronicGvhdDay),
            RejectionDay = Day(record.RejectionDay),
            DonorChimerismDay30Percent = At(chim, 30 - first),
            DonorChimerismDay100Percent = At(chim, 100 - first),
            DonorChimerismLastPercent = chim[n - 1],
            DonorTCellChimerismLastPercent = context.Readouts.DonorTCellChimerismPercent,
            HasDisease = hasDisease,
            AutoreactiveBeforeCells = autoBefore,
            AutoreactiveNadirCells = autoNadir,
            GraftAutoreactiveCells = graftAutoreactive,
            AutoreactiveEradicationDay = eradication,
            RelapseDay = relapse,
            DeathDay = Day(context.DeathDay),
            DeathCause = context.DeathCause,
        };
    }

    /// <summary>
    /// The dominant unit when the model traces two or more allogeneic units: the unit with the largest share of donor neutrophils at
    /// the last observation with donor neutrophils (1-based), and the first day from day 0 on which its share reached
    /// <see cref="DominanceSharePercent"/> (null if never).
    /// </summary>
    private static (int? Unit, int? Day) UnitDominance(ReadoutTrajectory tr)
    {
        int units = tr.UnitCount;
        if (units < 2) return (null, null);
        var days = tr.Days;
        int last = -1;
        for (int i = days.Length - 1; i >= 0 && last < 0; i--)
        {
            double sum = 0;
            for (int u = 0; u < units; u++) sum += tr.UnitChimerism(u)[i];
            if (sum > 0) last = i;
        }
        if (last < 0) return (null, null);
        int best = 0;
        for (int u = 1; u < units; u++) if (tr.UnitChimerism(u)[last] > tr.UnitChimerism(best)[last]) best = u;
        var share = tr.UnitChimerism(best);
        for (int i = 0; i < days.Length; i++)
            if (days[i] >= -1e-9 && share[i] >= DominanceSharePercent) return (best + 1, (int)Math.Floor(days[i] + 1e-9));
        return (best + 1, null);
    }

    /// <summary>Share of donor neutrophils (%) at which a unit counts as having reached dominance (issue 13: ≥ 90 % of donor cells).</summary>
    internal const double DominanceSharePercent = 90;
}
