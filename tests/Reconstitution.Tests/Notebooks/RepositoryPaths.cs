namespace Reconstitution.Tests.Notebooks;

/// <summary>Finds the repository root (the folder holding Reconstitution.sln) from the test binaries.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Reconstitution.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Reconstitution.sln above {AppContext.BaseDirectory}.");
    }
}
