using System.Diagnostics;
using System.Text;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Protocols;

/// <summary>
/// Mutated protocol files (issue 20): random bytes, truncations, swapped types, huge numbers, many doses. With a fixed
/// seed and a fixed time budget, every mutant is either read or refused with a <see cref="ProtocolFileException"/> (no
/// other exception type), each read takes under a second, and an accepted mutant simulates 30 days in under 5 s.
/// </summary>
public class ProtocolFileFuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan ReadBound = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RunBound = TimeSpan.FromSeconds(5);

    private static readonly string[] Seeds = [.. BuiltInProtocols.Names.Select(n => ProtocolFile.Write(BuiltInProtocols.Get(n).Definition).Replace($"\"{n}\"", $"\"fuzz-{n}\""))];

    private static readonly string[] Replacements =
    [
        "1e308", "-1e308", "1e400", "NaN", "\"text\"", "null", "true", "[]", "{}", "-0", "0", "2147483648", "-2147483649",
        "9999999999999999999999", "0.0000001", "\"\\u0000\"", "\"selfish\"", "[1,2,3]",
    ];

    [Fact]
    public void Parse_MutatedFiles_OnlyProtocolFileErrorsAndBoundedTime()
    {
        var random = new Random(20_261_204);
        var clock = Stopwatch.StartNew();
        int read = 0, refused = 0, simulated = 0;
        string dir = Directory.CreateTempSubdirectory("recon-fuzz").FullName;
        while (clock.Elapsed < Budget)
        {
            byte[] mutant = Mutate(random, Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]));
            string path = Path.Combine(dir, "m.json");
            File.WriteAllBytes(path, mutant);
            var one = Stopwatch.StartNew();
            ProtocolDefinition? definition = null;
            try
            {
                definition = ProtocolFile.Read(path);
                read++;
            }
            catch (ProtocolFileException)
            {
                refused++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"{ex.GetType().Name} (not ProtocolFileException) for mutant:\n{Encoding.UTF8.GetString(mutant)}\n{ex}");
            }
            Assert.True(one.Elapsed < ReadBound, $"reading took {one.Elapsed} for:\n{Encoding.UTF8.GetString(mutant)}");
            if (definition is not null && simulated < 3)
            {
                one.Restart();
                PatientSimulation.Run(PatientCovariates.Default, new DefinedProtocol(definition), 1, 0, new PatientSimulationOptions { Days = 30 });
                simulated++;
                Assert.True(one.Elapsed < RunBound, $"30 days took {one.Elapsed} for:\n{Encoding.UTF8.GetString(mutant)}");
            }
        }
        Assert.True(read > 0 && refused > 0, $"the mutations should produce both outcomes (read {read}, refused {refused})");
    }

    private static byte[] Mutate(Random random, byte[] text)
    {
        int rounds = 1 + random.Next(3);
        for (int r = 0; r < rounds; r++)
        {
            text = random.Next(6) switch
            {
                0 => RandomBytes(random, text),
                1 => text[..random.Next(text.Length + 1)],
                2 => ReplaceValue(random, text, Replacements[random.Next(Replacements.Length)]),
                3 => ReplaceValue(random, text, random.NextDouble() < 0.5 ? "1e" + random.Next(5, 400) : "-" + random.Next()),
                4 => ManyDoses(random, text),
                _ => Swap(random, text),
            };
        }
        return text;
    }

    private static byte[] RandomBytes(Random random, byte[] text)
    {
        var copy = (byte[])text.Clone();
        for (int i = 0, n = 1 + random.Next(4); i < n && copy.Length > 0; i++) copy[random.Next(copy.Length)] = (byte)random.Next(256);
        return copy;
    }

    // Replaces one JSON value (after a colon) with another literal.
    private static byte[] ReplaceValue(Random random, byte[] text, string value)
    {
        string s = Encoding.UTF8.GetString(text);
        var colons = Enumerable.Range(0, s.Length).Where(i => s[i] == ':').ToArray();
        if (colons.Length == 0) return text;
        int at = colons[random.Next(colons.Length)] + 1;
        int end = at;
        while (end < s.Length && s[end] is not (',' or '\n' or '}' or ']')) end++;
        return Encoding.UTF8.GetBytes(s[..at] + " " + value + s[end..]);
    }

    // Repeats the first conditioning dose many times (the hang case).
    private static byte[] ManyDoses(Random random, byte[] text)
    {
        string s = Encoding.UTF8.GetString(text);
        int open = s.IndexOf("\"conditioning\": [", StringComparison.Ordinal);
        if (open < 0) return text;
        int start = s.IndexOf('{', open);
        if (start < 0) return text;
        int end = s.IndexOf('}', start);
        if (end < 0) return text;
        string dose = s[start..(end + 1)];
        return Encoding.UTF8.GetBytes(s[..start] + string.Join(",", Enumerable.Repeat(dose, 1 + random.Next(2000))) + "," + s[start..]);
    }

    // Swaps two values of different fields (types and units end up in the wrong place).
    private static byte[] Swap(Random random, byte[] text)
    {
        var lines = Encoding.UTF8.GetString(text).Split('\n');
        int a = random.Next(lines.Length), b = random.Next(lines.Length);
        int ca = lines[a].IndexOf(':'), cb = lines[b].IndexOf(':');
        if (ca < 0 || cb < 0) return text;
        (lines[a], lines[b]) = (lines[a][..ca] + lines[b][cb..], lines[b][..cb] + lines[a][ca..]);
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }
}
