using System.Text;

namespace Reconstitution.Output;

/// <summary>Writes whole files atomically: to a temporary file in the same folder, then renamed over the target. Thread-safe.</summary>
internal static class OutputFile
{
    /// <summary>Writes UTF-8 text (no byte-order mark) atomically, so a reader never sees half a file.</summary>
    public static void WriteAtomically(string path, string content)
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
