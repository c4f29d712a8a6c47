using Reconstitution.Analysis;

namespace Reconstitution.Tests.Analysis;

/// <summary>
/// The Freireich et al. (Blood 1963) remission data for 6-mercaptopurine vs placebo in acute
/// leukaemia, the worked example of Kalbfleisch &amp; Prentice and of Klein &amp; Moeschberger (§4.2).
/// </summary>
internal static class TextbookData
{
    public static SurvivalObservation[] SixMercaptopurine() =>
    [
        E(6), E(6), E(6), C(6), E(7), C(9), E(10), C(10), C(11), E(13), E(16), C(17), C(19), C(20),
        E(22), E(23), C(25), C(32), C(32), C(34), C(35),
    ];

    public static SurvivalObservation[] Placebo() =>
    [
        E(1), E(1), E(2), E(2), E(3), E(4), E(4), E(5), E(5), E(8), E(8), E(8), E(8), E(11), E(11),
        E(12), E(12), E(15), E(17), E(22), E(23),
    ];

    private static SurvivalObservation E(double t) => SurvivalObservation.Event(t);

    private static SurvivalObservation C(double t) => SurvivalObservation.Censored(t);
}
