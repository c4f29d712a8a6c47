namespace Reconstitution.Cli.Lab;

/// <summary>
/// The lab's pages, scripts and styles, embedded in the assembly (Lab/wwwroot, resource names <c>lab/…</c>), so the
/// packed tool serves them without a content folder and a page can never be found missing on disk. Immutable.
/// </summary>
internal static class LabStaticFiles
{
    private static readonly Dictionary<string, LabFile> Files = Load();

    /// <summary>The file served at a path such as <c>/</c>, <c>/compare.html</c> or <c>/lab.js</c>.</summary>
    public static LabFile? Find(string path)
    {
        string name = path.Trim('/');
        if (name.Length == 0) name = "index.html";
        return Files.GetValueOrDefault(name);
    }

    private static Dictionary<string, LabFile> Load()
    {
        var assembly = typeof(LabStaticFiles).Assembly;
        var files = new Dictionary<string, LabFile>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith("lab/", StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            string name = resource["lab/".Length..];
            files[name] = new LabFile(ContentType(name), copy.ToArray());
        }
        return files;
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
