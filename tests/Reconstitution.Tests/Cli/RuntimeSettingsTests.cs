using System.Text.Json;
using Xunit;

namespace Reconstitution.Tests.Cli;

/// <summary>
/// The command-line tool's tiering settings travel in its runtime configuration (Reconstitution.Cli.runtimeconfig.json, made
/// from its project's properties and copied next to the tests). Each was measured to take CPU off a 1,000-patient cohort
/// (docs/performance.md § Runtime settings): losing one in an edit of the project would not fail any other test, only cost
/// 5–12 % of every large run.
/// </summary>
public class RuntimeSettingsTests
{
    private static JsonElement ConfigProperties()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Reconstitution.Cli.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing: the tests reference the CLI project, whose build writes it.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void Cli_RuntimeConfiguration_TurnsProfileGuidedRecompilationOff()
    {
        Assert.False(ConfigProperties().GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }

    [Fact]
    public void Cli_RuntimeConfiguration_RecompilesAfter5000CallsCountedFrom10MillisecondsOn()
    {
        var properties = ConfigProperties();
        Assert.Equal(5000, properties.GetProperty("System.Runtime.TieredCompilation.CallCountThreshold").GetInt32());
        Assert.Equal(10, properties.GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs").GetInt32());
    }
}
