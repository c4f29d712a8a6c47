using System.Text;

namespace Reconstitution.Output;

/// <summary>Writes whole files atomically: to a temporary file in the same folder, then renamed over the target, so a reader (or a run stopped half-way) never leaves half a file. Thread-safe.</summary>
public static class AtomicFile
{
    /// <summary>Writes UTF-8 text (no byte-order mark) atomically.</summary>
    /// <param name="path">The file's path; its folder must exist.</param>
    /// <param name="content">The text.</param>
    public static void WriteAllText(string path, string content)
    {
        Validation.Guard.NotBlank(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Cannot write '{path}': the folder '{directory}' does not exist.");
        string temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllText(temporary, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
