using Reconstitution.Kernel;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Outcomes;

/// <summary>
/// The daily clinical hazards of one patient (docs/protocols.md §Hazards): infection and its death while
/// neutropenic, death from prolonged aplasia (cause <c>graftFailure</c> once the graft has failed, docs/model.md §20.2), acute and
/// chronic GVHD and GVHD death, and death from the disease itself at a rate that follows its activity (docs/model.md §20.1).
/// Each is a Bernoulli trial per day with p = 1 − e^(−h), h from the current state. It observes rejection (the donor share falling below
/// <see cref="GraftFailureCriteria.DonorChimerismPercent"/> after having reached it) and the donor share on the graft-failure day;
/// the alloimmune mechanisms themselves (graft-versus-host, host-versus-graft, unit-versus-unit) are transitions of the physiology
/// (docs/model.md §17). Runs after the daily observation and supportive care. Not thread-safe.
/// </summary>
internal sealed class ClinicalCourse
{
    /// <summary>Kernel priority: after observation and supportive care (<see cref="SameDayOrder"/>).</summary>
    public const int Priority = SameDayOrder.ClinicalHazards;

    private readonly TreatmentContext _context;
    private readonly ClinicalRiskParameters _risk;
    private readonly GraftFailureCriteria _failure;
    private readonly RandomStream _random;
    private int _neutropenicDays;
    private double _acuteActiveUntil = double.NegativeInfinity;
    private bool _donorEstablished;
    private readonly RandomStream _background; // its own stream: the other hazards draw as before
    private readonly OrganToxicity _organs; // its own stream too (docs/model.md §18)
    private readonly PatientCovariates _covariates;
    private readonly AlloimmunityParameters _alloimmunity;
    private readonly double _diseaseDeathPerDay; // at the untreated activity (D = 1); 0 without disease
    private readonly RandomStream? _disease; // its own stream, so that the other hazards draw as without it

    public ClinicalCourse(TreatmentContext context, ClinicalRiskParameters risk, GraftFailureCriteria failure, OrganToxicityParameters organToxicity, RandomStream random)
    {
        _organs = new OrganToxicity(context, organToxicity, random.Derive("organToxicity"));
        _context = context;
        _risk = risk;
        _failure = failure;
        _random = random;
        _background = random.Derive(BackgroundMortality.Cause);
        _covariates = context.Patient.Model.Covariates;
        _alloimmunity = context.Patient.Model.Parameters.Alloimmunity;
        _diseaseDeathPerDay = risk.DiseaseMortality.PerYear(_covariates.Disease) / 365.25;
        if (_diseaseDeathPerDay > 0) _disease = random.Derive(DeathCauses.Disease);
    }

    /// <summary>The clinical events observed so far.</summary>
    public ClinicalRecord Record { get; } = new();

    /// <summary>Starts the daily process: <see cref="Step"/> every day from now to <paramref name="endDay"/> while the patient lives.</summary>
    public Process Start(Simulation sim, double endDay) => sim.Repeat(() => StepDay(sim, endDay), 0, 1, Priority, "clinical");

    private bool StepDay(Simulation sim, double endDay)
    {
        if (!(_context.IsAlive && sim.Now <= endDay + 1e-9)) return false;
        Step(sim.Now);
        return _context.IsAlive;
    }

    /// <summary>A Bernoulli trial with p = 1 − e^(−h). Since 1 − e^(−h) ≤ h and its rounding adds at most 2.3·10⁻¹⁶, a draw at or
    /// above h + 10⁻¹⁵ fails without the exponential: the same draws and decisions, one exponential less on most days.</summary>
    private bool Happens(double hazardPerDay) => Happens(hazardPerDay, _random);

    /// <inheritdoc cref="Happens(double)"/>
    internal static bool Happens(double hazardPerDay, RandomStream random)
    {
        if (!(hazardPerDay > 0)) return false;
        double u = random.NextDouble();
        return u < hazardPerDay + 1e-15 && u < 1 - Math.Exp(-hazardPerDay);
    }

    private void Step(double day)
    {
        if (_risk.BackgroundMortality && BackgroundMortality.DiesOn(_covariates, day, _background)) { _context.Die(BackgroundMortality.Cause); return; }
        if (_organs.Step(day) is { } organ) { _context.Die(DeathCauses.OfOrgan(organ)); return; }
        // By reference: nothing below changes the counts before the last read.
        ref readonly ClinicalReadouts r = ref _context.CurrentReadouts;
        // The disease's own deaths (§20.1), from day 0 like background mortality: proportional to the relative activity D.
        if (_disease is not null && day >= 0 && Happens(_diseaseDeathPerDay * DiseaseMortalityParameters.RelativeActivity(r.DiseaseActivity), _disease))
        {
            _context.Die(DeathCauses.Disease);
            return;
        }
        bool neutropenic = r.AncE9PerLiter < _risk.NeutropeniaAncE9PerLiter;
        _neutropenicDays = neutropenic ? _neutropenicDays + 1 : 0;
        bool acuteActive = day < _acuteActiveUntil;
        bool gvhdActive = acuteActive || Record.ChronicGvhdDay is not null;
        double gvhdFactor = gvhdActive ? _risk.GvhdInfectionFactor : 1;

        // Background infections in the first year, and later while CD4 stays low (late infections; Storek 1997).
        bool immunodeficient = day >= 0 && (day < _risk.EarlyInfectionDays || (_context.InfusionDay is not null && r.Cd4PerMicroliter < _risk.LateInfectionCd4PerMicroliter));
        double infection = (neutropenic ? _risk.InfectionPerNeutropenicDay : immunodeficient ? _risk.InfectionPerDayOtherwise : 0) * gvhdFactor;
        if (Happens(infection))
        {
            Record.Infections++;
            _context.Record("infection", neutropenic ? "while neutropenic" : null);
            double fatal = (neutropenic ? _risk.FatalInfectionProbabilityNeutropenic : _risk.FatalInfectionProbabilityOtherwise) * gvhdFactor;
            if (_random.NextDouble() < Math.Min(1, fatal)) { _context.Die("infection"); return; }
        }
        if (_neutropenicDays > _risk.AplasiaDeathAfterNeutropenicDays && Happens(_risk.AplasiaDeathPerDay))
        {
            _context.Die(GraftHasFailed(day) ? DeathCauses.GraftFailure : DeathCauses.Aplasia);
            return;
        }

        if (_context.AllogeneicGraft is { } allograft)
        {
            var graft = allograft.Graft;
            double infused = allograft.Day;
            double since = day - infused;
            double donorT = (r.Cd4PerMicroliter + r.Cd8PerMicroliter) * r.DonorTCellChimerismPercent / 100;
            // The donor T cells' alloreactivity and the calcineurin inhibitor's factor are the physiology's (AlloimmunityParameters),
            // the same that scale the graft-versus-host kill.
            var alloimmunity = _alloimmunity;
            double alloreactivity = donorT / (donorT + alloimmunity.GraftVersusHostHalfPerMicroliter) * _context.AlloreactivityOf(graft);
            var prophylaxis = _context.GvhdProphylaxis;
            double cni = prophylaxis?.CalcineurinInhibitor == true ? alloimmunity.CalcineurinInhibitorFactor : 1;
            double mtx = prophylaxis?.Methotrexate == true ? _risk.MethotrexateFactor : 1;

            if (Record.AcuteGvhdDay is null && since >= _risk.AcuteGvhdFirstDay && since <= _risk.AcuteGvhdLastDay && Happens(_risk.AcuteGvhdMaxPerDay * alloreactivity * cni * mtx))
            {
                Record.AcuteGvhdDay = day;
                _acuteActiveUntil = day + _risk.AcuteGvhdActiveDays;
                _context.Record("acuteGvhd", "grade II-IV");
            }
            if (Record.ChronicGvhdDay is null && since >= _risk.ChronicGvhdFirstDay && since <= _risk.ChronicGvhdLastDay)
            {
                double chronic = _risk.ChronicGvhdMaxPerDay * alloreactivity * Math.Sqrt(cni) * (Record.AcuteGvhdDay is null ? 1 : _risk.ChronicGvhdAfterAcuteFactor)
                    * (graft.Source == GraftSource.PeripheralBlood ? _risk.ChronicGvhdBloodStemCellFactor : 1);
                if (Happens(chronic)) { Record.ChronicGvhdDay = day; _context.Record("chronicGvhd"); }
            }
            if (acuteActive && Happens(_risk.GvhdDeathPerDay)) { _context.Die("gvhd"); return; }
            if (Record.ChronicGvhdDay is not null && Happens(_risk.ChronicGvhdDeathPerDay)) { _context.Die("gvhd"); return; }

            ObserveDonorShare(in r, since, graft.Source is GraftSource.SingleCord or GraftSource.DoubleCord);
        }
    }

    /// <summary>
    /// Whether a death in prolonged aplasia is a death of graft failure (docs/model.md §20.2): a graft was infused and either its
    /// rejection was observed or the graft-failure day (<see cref="GraftFailureCriteria.DayFor"/>) has passed. A patient in aplasia
    /// for more than 30 days on or after that day has no working graft: it never engrafted (primary failure) or its counts were
    /// lost (secondary failure). Before that day, or without a graft, the death stays <c>aplasia</c>.
    /// </summary>
    private bool GraftHasFailed(double day)
    {
        if (_context.InfusionDay is not { } infused) return false;
        if (Record.RejectionDay is not null) return true;
        bool cordBlood = _context.Graft?.Source is GraftSource.SingleCord or GraftSource.DoubleCord;
        return day - infused >= _failure.DayFor(cordBlood) - 1e-9;
    }

    /// <summary>
    /// Observes the donor share: rejection when the donor share of neutrophils, once at or above the criterion, falls below it while
    /// neutrophils are measurable; and the donor share on the graft-failure day (of neutrophils, or of T cells in aplasia; docs/outputs.md
    /// §Graft failure).
    /// </summary>
    private void ObserveDonorShare(in ClinicalReadouts r, double since, bool cordBlood)
    {
        bool measurable = r.AncE9PerLiter >= _failure.MeasurableAncE9PerLiter;
        if (Math.Abs(since - _failure.DayFor(cordBlood)) < 0.5)
            Record.DonorShareOnFailureDayPercent = measurable ? r.DonorChimerismPercent : r.DonorTCellChimerismPercent;
        if (!measurable) return;
        if (r.DonorChimerismPercent >= _failure.DonorChimerismPercent) _donorEstablished = true;
        else if (_donorEstablished && Record.RejectionDay is null)
        {
            Record.RejectionDay = _context.Simulation.Now;
            _context.Record("rejection", $"donor share of neutrophils {r.DonorChimerismPercent:G3} % fell below {_failure.DonorChimerismPercent:G3} %");
        }
    }
}
