using Reconstitution.Kernel;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Outcomes;

/// <summary>
/// The daily clinical hazards of one patient (docs/protocols.md §Hazards): infection and its death while
/// neutropenic, death from prolonged aplasia, acute and chronic GVHD and GVHD death, and rejection by surviving host
/// T cells. Each is a Bernoulli trial per day with p = 1 − e^(−h), h from the current state. It also switches on, at
/// infusion of an allograft, the continuous graft-versus-host (host T cells) and graft-versus-autoimmunity kills of the
/// physiology network. Runs after the daily observation and supportive care. Not thread-safe.
/// </summary>
internal sealed class ClinicalCourse
{
    /// <summary>Kernel priority: after observation and supportive care (<see cref="SameDayOrder"/>).</summary>
    public const int Priority = SameDayOrder.ClinicalHazards;

    private readonly TreatmentContext _context;
    private readonly ClinicalRiskParameters _risk;
    private readonly RandomStream _random;
    private readonly double _baselineHostT;
    private readonly double _tCellsPerMicroliter;
    private int _neutropenicDays;
    private double _acuteActiveUntil = double.NegativeInfinity;
    private bool? _donorSpecificAntibodies;
    private readonly RandomStream _background; // its own stream: the other hazards draw as before
    private readonly OrganToxicity _organs; // its own stream too (docs/model.md §17)

    public ClinicalCourse(TreatmentContext context, ClinicalRiskParameters risk, RandomStream random, OrganToxicityParameters? organToxicity = null)
    {
        _organs = new OrganToxicity(context, organToxicity ?? OrganToxicityParameters.Default, random.Derive("organToxicity"));
        _context = context;
        _risk = risk;
        _random = random;
        _background = random.Derive(BackgroundMortality.Cause);
        var r = context.Readouts;
        _baselineHostT = Math.Max(1e-9, r.Cd4PerMicroliter + r.Cd8PerMicroliter);
        // Whole-body T cells per cell/µL of blood (CD4 + CD8 readouts), to express the GVHD half-saturation as a count.
        _tCellsPerMicroliter = context.Patient.TotalTCells / _baselineHostT;
    }

    /// <summary>The clinical events observed so far.</summary>
    public ClinicalRecord Record { get; } = new();

    public IEnumerable<SimEvent> Run(Simulation sim, double endDay)
    {
        while (_context.IsAlive && sim.Now <= endDay + 1e-9)
        {
            Step(sim.Now);
            if (!_context.IsAlive) yield break;
            yield return sim.Timeout(1, Priority);
        }
    }

    private bool Happens(double hazardPerDay) => hazardPerDay > 0 && _random.NextDouble() < (1 - Math.Exp(-hazardPerDay));

    private void Step(double day)
    {
        if (_risk.BackgroundMortality && BackgroundMortality.DiesOn(_context.Patient.Model.Covariates, day, _background)) { _context.Die(BackgroundMortality.Cause); return; }
        if (_organs.Step(day) is { } organ) { _context.Die(DeathCauses.OfOrgan(organ)); return; }
        var r = _context.Readouts;
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
        if (_neutropenicDays > _risk.AplasiaDeathAfterNeutropenicDays && Happens(_risk.AplasiaDeathPerDay)) { _context.Die("aplasia"); return; }

        if (_context.AllogeneicGraft is { } allograft && Record.RejectionDay is null)
        {
            var graft = allograft.Graft;
            double infused = allograft.Day;
            double since = day - infused;
            double donorT = (r.Cd4PerMicroliter + r.Cd8PerMicroliter) * r.DonorTCellChimerismPercent / 100;
            double hostT = (r.Cd4PerMicroliter + r.Cd8PerMicroliter) - donorT;
            double alloreactivity = donorT / (donorT + _risk.GvhdDonorTHalfPerMicroliter) * MismatchFactor(graft.Donor) * SourceFactor(graft.Source);
            var prophylaxis = _context.GvhdProphylaxis;
            double cni = prophylaxis?.CalcineurinInhibitor == true ? _risk.CalcineurinInhibitorFactor : 1;
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

            // Rejection: surviving host T cells against the graft while it establishes (days 0–30); the hazard rises with the square of the host T-cell
            // level relative to baseline (a rejecting response needs a substantial host repertoire; assumption) and with the host share.
            // Pre-formed donor-specific anti-HLA antibodies (drawn once per patient; plasma cells survive conditioning).
            _donorSpecificAntibodies ??= DrawDonorSpecificAntibodies(graft.Donor);
            if (_donorSpecificAntibodies == true && since >= 0 && since <= _risk.RejectionWindowDays && Happens(_risk.DonorSpecificAntibodyRejectionPerDay))
            {
                Reject(day);
                return;
            }
            if (since >= 0 && since <= _risk.RejectionWindowDays && hostT > 0)
            {
                double relative = Math.Min(1, hostT / _baselineHostT);
                double rejection = _risk.RejectionMaxPerDay * relative * relative * hostT / (hostT + donorT + 1e-9)
                    * RejectionHlaFactor(graft.Donor) * cni;
                if (Happens(rejection)) Reject(day);
            }

            // Graft-versus-host lymphohematopoiesis (alloreactive donor T cells eliminate surviving host T cells: the mechanism by which
            // mixed T-cell chimerism converts to donor, and by which donor lymphocyte infusions work) and graft-versus-autoimmunity
            // (donor T cells eliminate host autoreactive cells) are death transitions of the physiology network, modulated by the donor
            // T cells themselves; here only their strengths are set, which change when the graft or the prophylaxis does.
            SetAllogeneicKill(_risk.GraftVersusHostLymphocytesPerDay * MismatchFactor(graft.Donor) * SourceFactor(graft.Source) * cni,
                _risk.GraftVersusAutoimmunityPerDay);
        }
    }

    private double _gvhRate, _gvaRate;

    /// <summary>Sets the maximal graft-versus-host (host T cells) and graft-versus-autoimmunity death rates (d⁻¹) in the network, if changed.</summary>
    private void SetAllogeneicKill(double gvhRatePerDay, double gvaRatePerDay)
    {
        var patient = _context.Patient;
        if (gvhRatePerDay != _gvhRate)
        {
            patient.SetGraftVersusHost(gvhRatePerDay, _gvhRate == 0 ? _risk.GvhdDonorTHalfPerMicroliter * _tCellsPerMicroliter : null);
            _gvhRate = gvhRatePerDay;
        }
        if (gvaRatePerDay != _gvaRate)
        {
            patient.SetGraftVersusAutoimmunity(gvaRatePerDay);
            _gvaRate = gvaRatePerDay;
        }
    }

    private bool DrawDonorSpecificAntibodies(DonorType donor)
    {
        double p = donor switch
        {
            DonorType.Mismatched => _risk.DonorSpecificAntibodyProbability,
            DonorType.MatchedUnrelated => _risk.DonorSpecificAntibodyProbability * _risk.DonorSpecificAntibodyMatchedUnrelatedShare,
            _ => 0,
        };
        // Its own stream, so that adding this draw leaves every other event of the patient unchanged.
        bool present = p > 0 && _random.Derive("donorSpecificAntibodies").NextDouble() < p;
        if (present) _context.Record("donorSpecificAntibodies", "pre-formed anti-HLA antibodies against the donor");
        return present;
    }

    private void Reject(double day)
    {
        Record.RejectionDay = day;
        SetAllogeneicKill(0, 0);
        _context.Patient.RemoveDonorCells();
        _context.Record("rejection", "host T cells rejected the graft");
    }

    /// <summary>GVHD hazard factor of HLA disparity (<see cref="ClinicalRiskParameters.GvhdMatchedUnrelatedFactor"/>, <see cref="ClinicalRiskParameters.GvhdMismatchedFactor"/>).</summary>
    private double MismatchFactor(DonorType donor) => donor switch
    {
        DonorType.MatchedSibling => 1.0,
        DonorType.MatchedUnrelated => _risk.GvhdMatchedUnrelatedFactor,
        DonorType.Mismatched => _risk.GvhdMismatchedFactor,
        _ => 0,
    };

    /// <summary>Rejection factor of HLA disparity (<see cref="ClinicalRiskParameters.RejectionMatchedUnrelatedFactor"/>, <see cref="ClinicalRiskParameters.RejectionMismatchedFactor"/>).</summary>
    private double RejectionHlaFactor(DonorType donor) => donor switch
    {
        DonorType.MatchedSibling => 1.0,
        DonorType.MatchedUnrelated => _risk.RejectionMatchedUnrelatedFactor,
        DonorType.Mismatched => _risk.RejectionMismatchedFactor,
        _ => 0,
    };

    /// <summary>Alloreactivity of the graft's T cells by source (<see cref="ClinicalRiskParameters.CordBloodAlloreactivityFactor"/> for cord blood).</summary>
    private double SourceFactor(GraftSource source) => source is GraftSource.SingleCord or GraftSource.DoubleCord ? _risk.CordBloodAlloreactivityFactor : 1.0;
}
