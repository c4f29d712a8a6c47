namespace Reconstitution.Sensitivity;

/// <summary>A model parameter and the distribution a sensitivity analysis draws it from. Immutable.</summary>
/// <param name="Parameter">The parameter (from <see cref="ParameterCatalogue"/>).</param>
/// <param name="Distribution">Its distribution, in the parameter's unit.</param>
/// <remarks>One dimension of a <see cref="ParameterSpace"/>. To vary one or two parameters over a grid with every point shown, a cohort sweep is simpler.</remarks>
public sealed record UncertainParameter(ModelParameter Parameter, ParameterDistribution Distribution)
{
    /// <summary>
    /// The parameter over its catalogue range: log-uniform when the range spans a factor of 10 or more (doses, counts, rates
    /// known to an order of magnitude), otherwise uniform.
    /// </summary>
    /// <param name="parameter">The parameter.</param>
    /// <returns>The uncertain parameter.</returns>
    public static UncertainParameter OverPlausibleRange(ModelParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        double lo = parameter.PlausibleMinimum, hi = parameter.PlausibleMaximum;
        var d = lo > 0 && hi / lo >= 10 ? ParameterDistribution.LogUniform(lo, hi) : ParameterDistribution.Uniform(lo, hi);
        return new UncertainParameter(parameter, d);
    }
}
