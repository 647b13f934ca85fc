using LzDQM.Contracts.V1;
using LzDQM.Simulation.Output;

namespace LzDQM.Simulation.Physics;

/// <summary>
/// Turns a trigger into the pulses a pulse finder would report (SPEC §1): interaction depth
/// uniform in the TPC, quanta split into photons and electrons with recombination
/// fluctuations, S1 through g1, S2 through lifetime, extraction and SE gain, S2 widened by
/// diffusion, trailing single electrons, SPE dark counts. S2-triggered events have their main
/// S2 at the trigger time (start 0) and their S1 one drift time earlier. Not thread-safe.
/// </summary>
internal sealed class EventPhysics
{
    private const double WindowUs = DetectorConstants.PreTriggerUs + DetectorConstants.PostTriggerUs;
    private const double TrainTimeConstantUs = 400;
    private const double OtherPulsesPerEvent = 0.02;
    private const double MergeSeparationUs = 2.0;
    private readonly Xoshiro256StarStar _rng;
    private readonly double[] _siteDrift = new double[3];
    private readonly double[] _siteEnergy = new double[3];
    private readonly int[] _siteElectrons = new int[3];

    public EventPhysics(Xoshiro256StarStar rng) => _rng = rng;

    /// <summary>Appends the pulses of one event to <paramref name="pulses"/> (cleared first).</summary>
    public void Build(EventSource source, in DetectorConditions c, PulseScratch pulses)
    {
        pulses.Clear();
        switch (source)
        {
            case EventSource.ErSingleScatter:
                SingleSite(c, pulses, _rng.Uniform(1.5, 2000), nuclearRecoil: false, kr83m: false);
                break;
            case EventSource.NrSingleScatter:
                SingleSite(c, pulses, _rng.Uniform(5, 60), nuclearRecoil: true, kr83m: false);
                break;
            case EventSource.Kr83m:
                SingleSite(c, pulses, DetectorConstants.Kr83mEnergyKeV, nuclearRecoil: false, kr83m: true);
                break;
            case EventSource.ErMultipleScatter:
                MultipleScatter(c, pulses);
                break;
            case EventSource.S2Only:
                // Electrons emitted at the liquid surface (or through the gate): no drift, no lifetime loss.
                var extracted = (int)Math.Exp(_rng.Uniform(Math.Log(3), Math.Log(150)));
                AddExtractedS2(c, pulses, extracted, 0, 0);
                break;
            case EventSource.BelowCathodeS1:
                var area = Math.Exp(_rng.Uniform(Math.Log(30), Math.Log(3000)));
                AddS1(pulses, area, 0, _rng.Gaussian(0.09, 0.01), Math.Max(0.02, 0.12 + (0.03 * _rng.NextGaussian())));
                break;
            case EventSource.Led:
                pulses.Add(PulseClass.Other, _rng.Gaussian(700, 40), 0, 0.04, TopFraction(0.512, 700), DetectorConstants.Pmts);
                break;
            case EventSource.Random:
            case EventSource.External:
            default:
                break;
        }

        AddNoise(c, pulses);
    }

    private void SingleSite(in DetectorConditions c, PulseScratch pulses, double energyKeV, bool nuclearRecoil, bool kr83m)
    {
        var depth = _rng.Uniform(0, DetectorConstants.DriftLengthMm);
        var drift = c.GateUs + (depth / c.DriftVelocityMmPerUs);
        var (photons, electrons) = Quanta(c, energyKeV, nuclearRecoil);
        var s1Width = 0.05 + (0.03 * depth / DetectorConstants.DriftLengthMm);
        if (kr83m)
        {
            // 32.1 keV then 9.4 keV after the 154 ns half-life: one merged S1, a little wider.
            var delay = _rng.Exponential(0.222);
            s1Width = Math.Sqrt((s1Width * s1Width) + (0.178 * delay * delay));
        }

        AddS1FromPhotons(c, pulses, photons, depth, -Quantise(drift), s1Width * (1 + (0.05 * _rng.NextGaussian())));
        AddS2(c, pulses, electrons, drift, 0);
    }

    private void MultipleScatter(in DetectorConditions c, PulseScratch pulses)
    {
        var total = Math.Exp(_rng.Uniform(Math.Log(100), Math.Log(2600)));
        var sites = _rng.Bernoulli(0.7) ? 2 : 3;
        var weights = 0.0;
        var depth0 = _rng.Uniform(0, DetectorConstants.DriftLengthMm);
        var photons = 0;
        var depthSum = 0.0;
        for (var i = 0; i < sites; i++)
        {
            _siteEnergy[i] = -Math.Log(_rng.NextDoubleNonZero());
            weights += _siteEnergy[i];
            var depth = i == 0 ? depth0 : Reflect(depth0 + _rng.Gaussian(0, 120));
            _siteDrift[i] = c.GateUs + (depth / c.DriftVelocityMmPerUs);
        }

        var main = 0;
        for (var i = 0; i < sites; i++)
        {
            _siteEnergy[i] *= total / weights;
            var (ph, el) = Quanta(c, _siteEnergy[i], nuclearRecoil: false);
            photons += ph;
            _siteElectrons[i] = el;
            depthSum += _siteEnergy[i] * (_siteDrift[i] - c.GateUs) * c.DriftVelocityMmPerUs;

            // Sites closer than the pulse finder resolves merge into one S2.
            for (var j = 0; j < i; j++)
            {
                if (_siteElectrons[j] > 0 && Math.Abs(_siteDrift[i] - _siteDrift[j]) < MergeSeparationUs)
                {
                    _siteElectrons[j] += _siteElectrons[i];
                    _siteElectrons[i] = 0;
                    break;
                }
            }
        }

        for (var i = 1; i < sites; i++)
        {
            if (_siteElectrons[i] > _siteElectrons[main])
            {
                main = i;
            }
        }

        var triggerDrift = _siteDrift[main];
        AddS1FromPhotons(c, pulses, photons, depthSum / total, -Quantise(triggerDrift), 0.06 * (1 + (0.05 * _rng.NextGaussian())));
        for (var i = 0; i < sites; i++)
        {
            if (_siteElectrons[i] > 0)
            {
                AddS2(c, pulses, _siteElectrons[i], _siteDrift[i], Quantise(_siteDrift[i] - triggerDrift));
            }
        }
    }

    private (int Photons, int Electrons) Quanta(in DetectorConditions c, double energyKeV, bool nuclearRecoil)
    {
        // Lindhard-like quenching for nuclear recoils; Fano-like spread on the total quanta.
        var visible = nuclearRecoil ? energyKeV * 0.18 : energyKeV;
        var mean = visible / DetectorConstants.WorkFunctionKeV;
        var quanta = Math.Max(0, (int)Math.Round(_rng.Gaussian(mean, Math.Sqrt(0.1 * mean))));
        var fraction = (nuclearRecoil ? 0.62 : c.ErPhotonFraction) + ((nuclearRecoil ? 0.05 : 0.028) * _rng.NextGaussian());
        fraction = Math.Clamp(fraction, 0.02, 0.98);
        var photons = (int)Math.Round(quanta * fraction);
        return (photons, quanta - photons);
    }

    private void AddS1FromPhotons(in DetectorConditions c, PulseScratch pulses, int photons, double depthMm, double startUs, double widthUs)
    {
        // Light collection is better near the bottom array: ±5 % over the drift length, g1 on average.
        var relative = depthMm / DetectorConstants.DriftLengthMm;
        var detected = _rng.Binomial(photons, c.G1 * (0.95 + (0.10 * relative)));
        var area = _rng.Gaussian(detected, 0.35 * Math.Sqrt(detected));

        // Below 0.5 phd the pulse finder sees nothing; before the window (very slow drift) the DAQ records nothing.
        if (area >= 0.5 && startUs >= -DetectorConstants.PreTriggerUs)
        {
            AddS1(pulses, area, startUs, widthUs, 0.55 - (0.27 * relative));
        }
    }

    private void AddS1(PulseScratch pulses, double area, double startUs, double widthUs, double meanTop) =>
        pulses.Add(PulseClass.S1, Math.Max(0, area), startUs, Math.Max(0.01, widthUs), TopFraction(meanTop, area), Coincidence(area));

    private void AddS2(in DetectorConditions c, PulseScratch pulses, int electrons, double driftUs, double startUs)
    {
        var surviving = _rng.Binomial(electrons, Math.Exp(-driftUs / c.ElectronLifetimeUs));
        var extracted = _rng.Binomial(surviving, c.ExtractionEfficiency);
        if (extracted > 0)
        {
            AddExtractedS2(c, pulses, extracted, driftUs, startUs);
        }
    }

    private void AddExtractedS2(in DetectorConditions c, PulseScratch pulses, int extracted, double driftUs, double startUs)
    {
        var se = c.SeSizePhd;
        var area = Math.Max(0, _rng.Gaussian(extracted * se, se * DetectorConstants.SeResolution * Math.Sqrt(extracted)));
        var sigma0 = c.Sigma0Us;
        var variance = (sigma0 * sigma0) + (c.WidthSlopeUs2PerUs * driftUs);

        // The RMS of a finite electron cloud scatters around the true width (relative σ of σ² ≈ √(2/n)).
        var measured = variance * (1 + (Math.Sqrt(2.0 / extracted) * _rng.NextGaussian()));
        var width = Math.Sqrt(Math.Max(0.05 * variance, measured));
        pulses.Add(PulseClass.S2, area, startUs, width, TopFraction(0.66, area), Coincidence(area));

        var trailing = _rng.Poisson(c.SeTrainPerElectron * extracted);
        for (var i = 0; i < trailing; i++)
        {
            var t = startUs + (3 * width) + _rng.Exponential(TrainTimeConstantUs);
            if (t < DetectorConstants.PostTriggerUs)
            {
                AddSe(c, pulses, Quantise(t));
            }
        }
    }

    private void AddSe(in DetectorConditions c, PulseScratch pulses, double startUs)
    {
        var se = c.SeSizePhd;
        var area = Math.Max(0.2 * se, _rng.Gaussian(se, DetectorConstants.SeResolution * se));
        var width = c.Sigma0Us * Math.Max(0.3, 1 + (0.12 * _rng.NextGaussian()));
        pulses.Add(PulseClass.Se, area, startUs, width, TopFraction(0.66, area), Coincidence(area));
    }

    private void AddNoise(in DetectorConditions c, PulseScratch pulses)
    {
        var spe = _rng.Poisson(c.SpeRateHz * WindowUs * 1e-6);
        for (var i = 0; i < spe; i++)
        {
            var top = _rng.NextDouble() < (double)DetectorConstants.TopPmts / DetectorConstants.Pmts ? 1.0 : 0.0;
            pulses.Add(PulseClass.Spe, Math.Max(0.15, _rng.Gaussian(1.0, 0.35)), RandomStart(), Math.Max(0.01, _rng.Gaussian(0.025, 0.004)), top, 1);
        }

        var se = _rng.Poisson(c.SeBaselineHz * WindowUs * 1e-6);
        for (var i = 0; i < se; i++)
        {
            AddSe(c, pulses, RandomStart());
        }

        var other = _rng.Poisson(OtherPulsesPerEvent);
        for (var i = 0; i < other; i++)
        {
            var area = Math.Exp(_rng.Uniform(Math.Log(0.5), Math.Log(50)));
            pulses.Add(PulseClass.Other, area, RandomStart(), _rng.Uniform(0.05, 3), _rng.NextDouble(), Coincidence(area));
        }
    }

    private double RandomStart() => Quantise(_rng.Uniform(-DetectorConstants.PreTriggerUs, DetectorConstants.PostTriggerUs));

    private double TopFraction(double mean, double area)
    {
        mean = Math.Clamp(mean, 0.01, 0.99);
        var sigma = Math.Sqrt(mean * (1 - mean) / Math.Max(1, area));
        return Math.Clamp(mean + (sigma * _rng.NextGaussian()), 0, 1);
    }

    private uint Coincidence(double area)
    {
        // Poisson occupancy of the PMTs by the detected photons.
        const double pmts = DetectorConstants.Pmts;
        var empty = Math.Exp(-area / pmts);
        var mean = pmts * (1 - empty);
        var hit = Math.Round(mean + (Math.Sqrt(mean * empty) * _rng.NextGaussian()));
        return (uint)Math.Clamp(hit, 1, pmts);
    }

    private static double Reflect(double depth)
    {
        const double l = DetectorConstants.DriftLengthMm;
        depth = Math.Abs(depth);
        return depth > l ? Math.Max(0, (2 * l) - depth) : depth;
    }

    /// <summary>Rounds to the 10 ns digitiser sample.</summary>
    private static double Quantise(double us) => Math.Round(us / DetectorConstants.SampleUs) * DetectorConstants.SampleUs;
}
