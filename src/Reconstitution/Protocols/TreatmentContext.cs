using Reconstitution.Kernel;
using Reconstitution.Monitoring;
using Reconstitution.Physiology;
using Reconstitution.Randomness;
using Reconstitution.Validation;

namespace Reconstitution.Protocols;

/// <summary>
/// A protocol's whole view of one patient, a narrow command surface: the kernel <see cref="Simulation"/> to schedule on
/// (time in days relative to infusion), the patient's <see cref="Readouts"/>, the treatment's own random stream, and the
/// commands the outcome model must know about: give an agent dose (<see cref="Give(ConditioningAgentDefinition, double)"/>),
/// infuse a graft unit (<see cref="Infuse"/>), transfuse, start and stop G-CSF, set GVHD prophylaxis. The patient's
/// compartments are not reachable from a protocol. Created by <see cref="Outcomes.PatientSimulation"/>; not thread-safe
/// (one patient, one thread).
/// </summary>
/// <remarks>
/// Call the commands from kernel callbacks or processes at the time they happen (e.g.
/// <c>context.Simulation.Schedule(-3, () =&gt; context.Give(ConditioningAgent.Cyclophosphamide, 50))</c>).
/// Reading <see cref="Readouts"/> to decide (G-CSF until ANC ≥ 1, transfuse below a threshold, a CD34+ boost when the
/// graft functions poorly) is how a protocol reacts to the patient's state.
/// </remarks>
public sealed class TreatmentContext
{
    /// <summary>Kernel priority of supportive-care checks (<see cref="SameDayOrder.SupportiveCare"/>): after the daily observation, so the recorded count is the pre-transfusion morning count.</summary>
    public const int SupportiveCarePriority = SameDayOrder.SupportiveCare;

    private readonly EventLog _log = new();
    private readonly List<int> _plateletDays = [];
    private readonly List<int> _redCellDays = [];

    internal TreatmentContext(Simulation simulation, Patient patient, RandomStream random, ConditioningAgentEffects effects)
    {
        Simulation = simulation;
        Patient = patient;
        Random = random;
        Effects = effects;
    }

    /// <summary>The kernel simulation; its clock is in days relative to infusion.</summary>
    public Simulation Simulation { get; }

    /// <summary>The patient (internal: a protocol acts through the context's commands and reads <see cref="Readouts"/>).</summary>
    internal Patient Patient { get; }

    /// <summary>The patient's readouts now (blood counts, lymphocyte subsets, chimerism, disease activity): what a protocol reads to react.</summary>
    public ClinicalReadouts Readouts => Patient.Readouts;

    /// <summary>The readouts now, by reference (<see cref="Patient.CurrentReadouts"/>).</summary>
    internal ref readonly ClinicalReadouts CurrentReadouts => ref Patient.CurrentReadouts;

    /// <summary>The treatment's own random stream (derived from seed, patient index and "treatment").</summary>
    public RandomStream Random { get; }

    /// <summary>The agent pharmacodynamics used by <see cref="Give(ConditioningAgentDefinition, double)"/>.</summary>
    public ConditioningAgentEffects Effects { get; }

    private readonly List<InfusedUnit> _units = [];

    /// <summary>The first graft unit infused, or <c>null</c> before any infusion.</summary>
    public GraftDefinition? Graft => _units.Count > 0 ? _units[0].Graft : null;

    /// <summary>Every graft unit infused so far, in order.</summary>
    public IReadOnlyList<InfusedUnit> Units => _units;

    /// <summary>The first allogeneic unit infused (the graft the clinical alloimmunity hazards refer to), or <c>null</c>.</summary>
    public InfusedUnit? AllogeneicGraft { get; private set; }

    /// <summary>
    /// The viable CD34+ dose of the initial graft (cells/kg, after any between-patient draw and viability): the units infused on
    /// the day of the first infusion (both units of a double cord; a later boost is not counted), or <c>null</c> before.
    /// </summary>
    public double? Cd34PerKgInfused
    {
        get
        {
            if (_units.Count == 0) return null;
            double sum = 0;
            foreach (var u in _units) if (u.Day == _units[0].Day) sum += u.Cd34PerKgInfused;
            return sum;
        }
    }

    /// <summary>The cells of the first unit infused (after homing), or <c>null</c> before infusion.</summary>
    public GraftCells? InfusedCells => _units.Count > 0 ? _units[0].Cells : null;

    /// <summary>The day of the first infusion, or <c>null</c> before.</summary>
    public double? InfusionDay => _units.Count > 0 ? _units[0].Day : null;

    /// <summary>The GVHD prophylaxis in force (allogeneic grafts), or <c>null</c>.</summary>
    public GvhdProphylaxisDefinition? GvhdProphylaxis { get; private set; }

    /// <summary>Whether the patient is alive (the simulation stops at death).</summary>
    public bool IsAlive { get; private set; } = true;

    /// <summary>Events so far (conditioning, infusion, transfusions, infections, GVHD, death …), in time order.</summary>
    public IReadOnlyList<LogEntry> Events => _log.Entries;

    /// <summary>Days (rounded down) on which platelets were transfused.</summary>
    public IReadOnlyList<int> PlateletTransfusionDays => _plateletDays;

    /// <summary>The days of platelet transfusions, in place (the course's summary reads them without a copy).</summary>
    internal ReadOnlySpan<int> PlateletTransfusionDaySpan => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_plateletDays);

    /// <summary>Days (rounded down) on which red cells were transfused.</summary>
    public IReadOnlyList<int> RedCellTransfusionDays => _redCellDays;

    /// <summary>Whether G-CSF is being given.</summary>
    public bool GcsfActive { get; private set; }

    /// <summary>Adds an event to <see cref="Events"/> at the current time.</summary>
    /// <param name="kind">A short kind such as <c>conditioning</c>, <c>infection</c>.</param>
    /// <param name="detail">Optional detail.</param>
    public void Record(string kind, string? detail = null) => _log.Add(Simulation.Now, kind, detail);

    /// <summary>
    /// Gives one dose of a built-in conditioning agent now, with the numbers of <see cref="Effects"/>
    /// (see <see cref="Give(ConditioningAgentDefinition, double)"/>).
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <param name="dose">The dose in the agent's unit (<see cref="ConditioningAgents.UnitOf"/>), &gt; 0.</param>
    public void Give(ConditioningAgent agent, double dose) => Give(Effects.Definition(agent), dose);

    /// <summary>
    /// Gives one dose of a conditioning agent now: every kill group loses the fraction 1 − e^(−k·dose)
    /// (<see cref="ConditioningAgentDefinition.LogKillPerUnit"/>), spread over <see cref="ConditioningAgentDefinition.SpreadDays"/>
    /// days for multi-day courses (BEAM); antibodies start their lasting extra death rate. A built-in agent's definition is
    /// replaced by the one of <see cref="Effects"/>, so a changed effects table applies to protocol files too.
    /// </summary>
    /// <param name="agent">The agent (built-in or user-defined).</param>
    /// <param name="dose">The dose in the agent's unit, in (0, <see cref="ConditioningAgentDefinition.MaximumSingleDose"/>].</param>
    public void Give(ConditioningAgentDefinition agent, double dose)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (agent.BuiltInAgent is { } builtIn) agent = Effects.Definition(builtIn);
        Guard.PositiveAtMost(dose, agent.MaximumSingleDose, nameof(dose), agent.DoseUnit);
        Record("conditioning", agent.RecordTextOf(dose));
        foreach (var organ in Organs) _organExposure[(int)organ] += agent.OrganToxicityPerUnit(organ) * dose;
        OrganExposureDoses++;
        int spread = agent.SpreadDays;
        ApplyKills(agent, dose / spread);
        for (int d = 1; d < spread; d++)
            Simulation.ScheduleAfter(d, () => { if (IsAlive) ApplyKills(agent, dose / spread); });
        foreach (var group in KillGroups)
        {
            if (agent.Antibody(group) is { } ab)
                Patient.StartExtraDeath(group, ab.MaxRatePerDay, dose, ab.Ec50, ab.HalfLifeDays);
        }
    }

    private static readonly KillGroup[] KillGroups = EnumMembers.KillGroups();
    private static readonly Organ[] Organs = EnumMembers.Organs();
    private readonly double[] _organExposure = new double[Organs.Length];

    /// <summary>How many doses have added to the organ exposures so far: the exposures change only when this does.</summary>
    internal int OrganExposureDoses { get; private set; }

    /// <summary>
    /// The summed organ exposure of every dose given so far, in units of the organ's reference regimen
    /// (<see cref="ConditioningAgentDefinition.OrganToxicityPerUnit"/> × dose; docs/model.md §18.2).
    /// </summary>
    /// <param name="organ">The organ.</param>
    /// <returns>The exposure, ≥ 0.</returns>
    public double OrganExposure(Organ organ) => _organExposure[(int)organ];

    private void ApplyKills(ConditioningAgentDefinition agent, double dose)
    {
        foreach (var group in KillGroups)
        {
            double k = agent.LogKillPerUnit(group);
            if (k > 0) Patient.ApplyKill(group, Math.Exp(-k * dose));
        }
    }

    /// <summary>
    /// Infuses a graft unit now (docs/model.md §11); a patient may receive several (two cord units, a CD34+ boost, a donor
    /// lymphocyte infusion given as CD3+ cells only). Each unit: the viable CD34+ dose (dose × viability, drawn per patient when
    /// <see cref="GraftDefinition.Cd34DoseCv"/> &gt; 0) splits by the source's
    /// composition into stem cells and lineage progenitors, each stem cell homing independently; T cells follow the
    /// CD3+ dose or the source's ratio, reduced by CD34 selection; an autologous graft carries autoreactive cells in
    /// proportion to its T cells. Autologous grafts go to the host copies, allogeneic ones to the donor copies.
    /// </summary>
    /// <remarks>
    /// Allogeneic units start the alloimmune transitions of the physiology (docs/model.md §17) for their donor origin: the
    /// alloreactivity of their T cells (HLA disparity × cord blood factor), the host's resistance (HLA factor), donor-specific
    /// antibodies (drawn once per unit from the treatment's stream) and the accessory nucleated cells (TNC × accessory share × viability;
    /// TNC from the source's typical TNC/CD34 ratio when the unit gives none). When the model traces units (a protocol with two or more
    /// allogeneic units on the day of the first allogeneic infusion, <see cref="IProtocol.AllogeneicUnits"/>), each of those units has
    /// its own donor origin; a later allogeneic unit (a CD34+ boost, a donor lymphocyte infusion) is from the first unit's donor and
    /// joins its origin.
    /// </remarks>
    /// <param name="graft">The graft unit.</param>
    /// <returns>The cells infused.</returns>
    /// <exception cref="ArgumentException">The unit has no cells.</exception>
    public GraftCells Infuse(GraftDefinition graft)
    {
        ArgumentNullException.ThrowIfNull(graft);
        if (!graft.HasCells) throw new ArgumentException("The graft unit has no cells: give Cd34PerKg > 0, or Cd3PerKg > 0 for a donor lymphocyte infusion.", nameof(graft));
        var composition = CompositionOf(graft.Source);
        // A product's dose varies between patients (log-normal, median Cd34PerKg) when the definition says so.
        double doseFactor = graft.Cd34DoseCv > 0
            ? Math.Exp(MathNet.Numerics.Distributions.Normal.Sample(Random, 0, Math.Sqrt(Math.Log(1 + graft.Cd34DoseCv * graft.Cd34DoseCv))))
            : 1;
        double viable = graft.Cd34PerKg * doseFactor * graft.Viability;
        double? cd3 = graft.Cd3PerKg is { } c ? c * graft.Viability : null;
        var origin = graft.IsAutologous ? CellOrigin.Host : CellOrigin.Donor;
        // Cyclophosphamide mobilisation: the clone's share of the collected T cells falls by e^(−(k_A − k_T)·dose) (docs/model.md §11).
        double mobilisation = graft.MobilisationCyclophosphamideMgPerKg is { } cy
            ? Math.Exp(-Math.Max(0, Effects.LogKillPerUnit(ConditioningAgent.Cyclophosphamide, KillGroup.Autoreactive)
                - Effects.LogKillPerUnit(ConditioningAgent.Cyclophosphamide, KillGroup.TCells)) * cy)
            : 1;
        int? donorUnit = graft.IsAutologous ? null : DonorUnitOf();
        var cells = Patient.InfuseGraft(composition, viable, origin, donorUnit ?? 0, graft.Cd34SelectionLogDepletion ?? 0, cd3, mobilisation);
        if (donorUnit is { } u) StartAlloimmunity(graft, composition, doseFactor, u);
        var infused = new InfusedUnit(graft, Simulation.Now, viable, cells, donorUnit is { } du ? du + 1 : null);
        _units.Add(infused);
        if (!graft.IsAutologous) AllogeneicGraft ??= infused;
        string unit = _units.Count > 1 ? $"unit {_units.Count}: " : "";
        Record("infusion", $"{unit}{JsonNames.Of(graft.Source)} {JsonNames.Of(graft.Donor)} viable CD34+ {viable:G3}/kg; homed HSC {cells.Hsc:G4}; autoreactive {cells.Autoreactive:G4}");
        return cells;
    }

    /// <summary>The donor origin of the next allogeneic unit: its own while the model traces units and the first allogeneic day lasts, else the first unit's.</summary>
    private int DonorUnitOf()
    {
        int allogeneic = 0;
        double? firstDay = null;
        foreach (var u in _units)
        {
            if (u.Graft.IsAutologous) continue;
            firstDay ??= u.Day;
            if (u.Day == firstDay) allogeneic++;
        }
        bool sameDay = firstDay is null || Math.Abs(Simulation.Now - firstDay.Value) < 1e-9;
        return sameDay ? Math.Min(allogeneic, Patient.DonorUnits - 1) : 0;
    }

    private void StartAlloimmunity(GraftDefinition graft, GraftComposition composition, double doseFactor, int donorUnit)
    {
        var al = Patient.Model.Parameters.Alloimmunity;
        double alloreactivity = AlloreactivityOf(graft);
        double resistance = graft.Donor switch
        {
            DonorType.MatchedUnrelated => al.MatchedUnrelatedResistance,
            DonorType.Mismatched => al.MismatchedResistance,
            _ => 1.0,
        };
        double antibodyProbability = graft.Donor switch
        {
            DonorType.Mismatched => al.DonorSpecificAntibodyProbability,
            DonorType.MatchedUnrelated => al.DonorSpecificAntibodyProbability * al.DonorSpecificAntibodyMatchedUnrelatedShare,
            _ => 0,
        };
        // Its own stream per unit, so that this draw leaves every other draw of the patient unchanged.
        bool antibodies = antibodyProbability > 0
            && Random.Derive("donorSpecificAntibodies" + _units.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)).NextDouble() < antibodyProbability;
        if (antibodies) Record("donorSpecificAntibodies", "pre-formed anti-HLA antibodies against the donor");
        double tnc = graft.TotalNucleatedCellsPerKg ?? composition.TotalNucleatedPerCd34 * graft.Cd34PerKg;
        double accessory = tnc * doseFactor * graft.Viability * composition.AccessoryShareOfTnc * Patient.Model.Covariates.WeightKg;
        Patient.StartAlloimmunity(donorUnit, alloreactivity, resistance, antibodies, accessory);
    }

    /// <summary>
    /// The alloreactivity of a graft's T cells relative to an adult sibling donor's: the HLA factor of its donor times the cord-blood
    /// factor of its source (<see cref="AlloimmunityParameters"/>). The graft-versus-host kill of the physiology and the clinical GVHD
    /// hazards both scale with it, so one parameter moves both.
    /// </summary>
    /// <param name="graft">An allogeneic graft unit.</param>
    /// <returns>The factor (1 for a sibling's adult graft).</returns>
    internal double AlloreactivityOf(GraftDefinition graft)
    {
        var al = Patient.Model.Parameters.Alloimmunity;
        double hla = graft.Donor switch
        {
            DonorType.MatchedUnrelated => al.MatchedUnrelatedAlloreactivity,
            DonorType.Mismatched => al.MismatchedAlloreactivity,
            _ => 1.0,
        };
        return hla * (graft.Source is GraftSource.SingleCord or GraftSource.DoubleCord ? al.CordBloodAlloreactivity : 1.0);
    }

    /// <summary>The cell composition the physiology model uses for a graft source (cord units share one composition; double cord sums the dose).</summary>
    /// <param name="source">The source.</param>
    /// <returns>The composition.</returns>
    public static GraftComposition CompositionOf(GraftSource source) => source switch
    {
        GraftSource.PeripheralBlood => GraftComposition.PeripheralBlood,
        GraftSource.BoneMarrow => GraftComposition.BoneMarrow,
        GraftSource.SingleCord or GraftSource.DoubleCord => GraftComposition.CordBlood,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, $"Unknown graft source; allowed: {JsonNames.AllOf<GraftSource>()}."),
    };

    /// <summary>Sets the GVHD prophylaxis in force from now on (or none with <c>null</c>); methotrexate doses are given by the caller.</summary>
    /// <param name="prophylaxis">The prophylaxis.</param>
    public void SetGvhdProphylaxis(GvhdProphylaxisDefinition? prophylaxis)
    {
        GvhdProphylaxis = prophylaxis;
        Patient.SetImmunosuppression(prophylaxis?.CalcineurinInhibitor == true ? Patient.Model.Parameters.Alloimmunity.CalcineurinInhibitorFactor : 1);
        Record("gvhdProphylaxis", prophylaxis is null ? "none" : $"calcineurin inhibitor {prophylaxis.CalcineurinInhibitor}, methotrexate {prophylaxis.Methotrexate}");
    }

    /// <summary>Transfuses red-cell units now (one adult unit ≈ 2×10¹² red cells) and counts them.</summary>
    /// <param name="units">Units, ≥ 1.</param>
    public void TransfuseRedCells(int units = 1)
    {
        Guard.InRange(units, 1, 10, nameof(units));
        Patient.TransfuseRedCells(units * RedCellsPerUnit);
        for (int i = 0; i < units; i++) _redCellDays.Add((int)Math.Floor(Simulation.Now + 1e-9));
        Record("redCellTransfusion", $"{units} unit(s)");
    }

    /// <summary>Transfuses adult platelet doses now (≈ 3×10¹¹ platelets each) and counts them.</summary>
    /// <param name="doses">Doses, ≥ 1.</param>
    public void TransfusePlatelets(int doses = 1)
    {
        Guard.InRange(doses, 1, 10, nameof(doses));
        Patient.TransfusePlatelets(doses * PlateletsPerDose);
        for (int i = 0; i < doses; i++) _plateletDays.Add((int)Math.Floor(Simulation.Now + 1e-9));
        Record("plateletTransfusion", $"{doses} dose(s)");
    }

    /// <summary>Red cells in one adult unit (≈ 2×10¹²; raises Hb by ≈ 1 g/dL in a 70 kg adult).</summary>
    public const double RedCellsPerUnit = 2e12;

    /// <summary>Platelets in one adult dose (≈ 3×10¹¹).</summary>
    public const double PlateletsPerDose = 3e11;

    /// <summary>Exogenous G-CSF intensity while given (full pharmacological stimulation, as with 5 µg/kg daily; docs/protocols.md).</summary>
    public const double GcsfIntensity = 1.0;

    /// <summary>Starts G-CSF now.</summary>
    public void StartGcsf()
    {
        if (GcsfActive) return;
        Patient.ApplyGcsf(GcsfIntensity);
        GcsfActive = true;
        Record("gcsfStart");
    }

    /// <summary>Stops G-CSF now.</summary>
    public void StopGcsf()
    {
        if (!GcsfActive) return;
        Patient.ApplyGcsf(0);
        GcsfActive = false;
        Record("gcsfStop");
    }

    /// <summary>
    /// Starts supportive care as a daily process from <paramref name="fromDay"/> to the end of the simulation: G-CSF from
    /// <see cref="SupportiveCareDefinition.GcsfStartDay"/> until ANC, after falling below the stop level, recovers to it; one red-cell unit when Hb is
    /// below its threshold; one platelet dose when platelets are below theirs. Checks run after the daily observation.
    /// </summary>
    /// <param name="care">The supportive-care definition.</param>
    /// <param name="fromDay">The first day of transfusion checks (usually the start of conditioning); finite.</param>
    /// <returns>The process.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromDay"/> is NaN or infinite.</exception>
    public Process StartSupportiveCare(SupportiveCareDefinition care, double fromDay)
    {
        ArgumentNullException.ThrowIfNull(care);
        Guard.Finite(fromDay, unit: "days");
        bool gcsfDone = false, fell = false;
        return Simulation.Repeat(() => SupportiveCareDay(care, ref gcsfDone, ref fell), fromDay - Simulation.Now, 1, SupportiveCarePriority, "supportiveCare");
    }

    /// <summary>One day's supportive care (<see cref="StartSupportiveCare"/>); false once the patient has died.</summary>
    private bool SupportiveCareDay(SupportiveCareDefinition care, ref bool gcsfDone, ref bool fell)
    {
        if (!IsAlive) return false;
        // The morning's counts, read before any treatment below changes them.
        ref readonly ClinicalReadouts r = ref CurrentReadouts;
        double anc = r.AncE9PerLiter, hemoglobin = r.HemoglobinGPerDl, platelets = r.PlateletsE9PerLiter;
        double day = Simulation.Now;
        if (care.GcsfStartDay is { } start && !gcsfDone)
        {
            // G-CSF runs from its start day until ANC, having fallen below the stop level, recovers to it (after the nadir).
            if (!GcsfActive && day >= start - 1e-9) StartGcsf();
            if (GcsfActive)
            {
                if (anc < care.GcsfStopAncPerNanoliter) fell = true;
                else if (fell) { StopGcsf(); gcsfDone = true; }
            }
        }
        if (care.RedCellTransfusionBelowHbGramsPerDeciliter is { } hb && hemoglobin < hb) TransfuseRedCells();
        if (care.PlateletTransfusionBelowPerNanoliter is { } plt && platelets < plt) TransfusePlatelets();
        return true;
    }

    /// <summary>Schedules conditioning doses at their days (doses on past days are given now).</summary>
    /// <param name="doses">The doses.</param>
    public void ScheduleDoses(IEnumerable<ConditioningDose> doses)
    {
        ArgumentNullException.ThrowIfNull(doses);
        foreach (var dose in doses)
        {
            var d = dose;
            Simulation.Schedule(Math.Max(d.Day, Simulation.Now), () => { if (IsAlive) Give(d.Definition, d.Dose); });
        }
    }

    internal void Die(string cause)
    {
        if (!IsAlive) return;
        IsAlive = false;
        Record("death", cause);
        DeathCause = cause;
        DeathDay = Simulation.Now;
        Simulation.Stop();
    }

    internal string? DeathCause { get; private set; }

    internal double? DeathDay { get; private set; }
}
