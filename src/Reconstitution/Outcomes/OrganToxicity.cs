using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Outcomes;

/// <summary>
/// The regimen-related organ toxicity of one patient (docs/model.md §18): each day it reads the organ exposures of the
/// conditioning given so far, spreads the extra cumulative hazard of every rise over the organ's window, and draws a
/// severe toxicity per organ (at most one) with p = 1 − e^(−h); a fatal one kills the patient after the organ's delay,
/// with the cause <c>organ:NAME</c>. Uses its own random stream, so the other hazards draw as without it. Not thread-safe.
/// </summary>
internal sealed class OrganToxicity
{
    private static readonly Organ[] Organs = Enum.GetValues<Organ>();

    private readonly TreatmentContext _context;
    private readonly OrganToxicityParameters _parameters;
    private readonly RandomStream _random;
    private readonly double[] _hazardRatio = new double[Organs.Length];
    private readonly double[] _exposureSeen = new double[Organs.Length];
    private readonly bool[] _struck = new bool[Organs.Length];
    // The active pulses, in the order they came: organ, the day the pulse ends, its hazard per day (parallel arrays, not a
    // list of tuples, which every process would JIT-compile: issue 15).
    private int[] _pulseOrgan = new int[Organs.Length];
    private double[] _pulseUntil = new double[Organs.Length], _pulseRate = new double[Organs.Length];
    private int _pulses;
    private int _dosesSeen; // TreatmentContext.OrganExposureDoses when the exposures were last read
    private double _deathDay = double.PositiveInfinity;
    private Organ _deathOrgan;

    public OrganToxicity(TreatmentContext context, OrganToxicityParameters parameters, RandomStream random)
    {
        _context = context;
        _parameters = parameters;
        _random = random;
        var covariates = context.Patient.Model.Covariates;
        var involvement = parameters.Involvement ?? DiseaseOrganInvolvement.ForDisease(covariates.Disease);
        double patient = parameters.PatientHazardRatio(covariates);
        foreach (var organ in Organs) _hazardRatio[(int)organ] = patient * involvement.HazardRatio(organ);
    }

    /// <summary>Advances one day; returns the organ whose toxicity kills the patient today, or null.</summary>
    public Organ? Step(double day)
    {
        if (day >= _deathDay - 1e-9) return _deathOrgan;
        // The exposures change only with a dose: after conditioning, most days read none of them.
        if (_context.OrganExposureDoses != _dosesSeen)
        {
            _dosesSeen = _context.OrganExposureDoses;
            foreach (var organ in Organs)
            {
                int i = (int)organ;
                double exposure = _context.OrganExposure(organ);
                if (exposure <= _exposureSeen[i]) continue;
                var hazard = _parameters.Hazard(organ);
                double extra = (hazard.CumulativeHazard(exposure) - hazard.CumulativeHazard(_exposureSeen[i])) * _hazardRatio[i];
                _exposureSeen[i] = exposure;
                if (extra > 0) AddPulse(i, day + hazard.WindowDays, extra / hazard.WindowDays);
            }
        }
        if (_pulses == 0) return null;
        // Each organ's hazard today: its active pulses added in the order they came, in one pass over the pulses.
        Span<double> hazards = stackalloc double[Organs.Length];
        for (int k = 0; k < _pulses; k++) if (day < _pulseUntil[k] - 1e-9) hazards[_pulseOrgan[k]] += _pulseRate[k];
        foreach (var organ in Organs)
        {
            int i = (int)organ;
            if (_struck[i]) continue;
            double h = hazards[i];
            if (h <= 0) continue;
            // The draw first: at or above h + 10⁻¹⁵ it lies above 1 − e^(−h) (ClinicalCourse.Happens), so the exponential is needed only below.
            double u = _random.NextDouble();
            if (u >= h + 1e-15 || u >= 1 - Math.Exp(-h)) continue;
            _struck[i] = true;
            var hazard = _parameters.Hazard(organ);
            bool fatal = _random.NextDouble() < hazard.CaseFatality;
            _context.Record("organToxicity", $"{JsonNames.Of(organ)}{(fatal ? ", fatal" : "")}");
            if (fatal && day + hazard.DaysToDeath < _deathDay)
            {
                _deathDay = day + hazard.DaysToDeath;
                _deathOrgan = organ;
            }
        }
        // Ended pulses (inactive from tomorrow) leave; the others keep their order.
        int kept = 0;
        for (int k = 0; k < _pulses; k++)
        {
            if (day + 1 >= _pulseUntil[k] - 1e-9) continue;
            _pulseOrgan[kept] = _pulseOrgan[k];
            _pulseUntil[kept] = _pulseUntil[k];
            _pulseRate[kept] = _pulseRate[k];
            kept++;
        }
        _pulses = kept;
        return day >= _deathDay - 1e-9 ? _deathOrgan : null;
    }

    private void AddPulse(int organ, double until, double ratePerDay)
    {
        if (_pulses == _pulseOrgan.Length)
        {
            // Array.Copy, not Array.Resize<T>: no generic instantiation to compile.
            var organs = new int[2 * _pulses];
            var untils = new double[2 * _pulses];
            var rates = new double[2 * _pulses];
            Array.Copy(_pulseOrgan, organs, _pulses);
            Array.Copy(_pulseUntil, untils, _pulses);
            Array.Copy(_pulseRate, rates, _pulses);
            (_pulseOrgan, _pulseUntil, _pulseRate) = (organs, untils, rates);
        }
        _pulseOrgan[_pulses] = organ;
        _pulseUntil[_pulses] = until;
        _pulseRate[_pulses] = ratePerDay;
        _pulses++;
    }
}
