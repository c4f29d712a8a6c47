using System.Text;
using System.Text.Json;

namespace Reconstitution.Protocols;

/// <summary>
/// Where each value of a JSON document starts, by JSON path (<c>graft.cd34PerKg</c>,
/// <c>conditioning[1].day</c>), so that errors found after parsing can name a line and column.
/// </summary>
internal sealed class JsonSourceMap
{
    private readonly Dictionary<string, int> _offsets = new(StringComparer.Ordinal);
    private readonly byte[] _utf8;
    private readonly List<int> _lineStarts = [0];

    private JsonSourceMap(byte[] utf8)
    {
        _utf8 = utf8;
        for (int i = 0; i < utf8.Length; i++)
            if (utf8[i] == (byte)'\n') _lineStarts.Add(i + 1);
    }

    /// <summary>Maps a syntactically valid document (call after <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> succeeded).</summary>
    public static JsonSourceMap Build(byte[] utf8, JsonReaderOptions options)
    {
        var map = new JsonSourceMap(utf8);
        var reader = new Utf8JsonReader(utf8, options);
        var path = new List<string>();
        var arrayIndex = new Stack<int>();
        string? pendingProperty = null;

        void RecordValue(int offset)
        {
            if (pendingProperty is not null)
            {
                path.Add(pendingProperty);
                map._offsets[Join(path)] = offset;
                pendingProperty = null;
            }
            else if (arrayIndex.Count > 0)
            {
                int i = arrayIndex.Pop();
                arrayIndex.Push(i + 1);
                path.Add($"[{i}]");
                map._offsets[Join(path)] = offset;
            }
            else
            {
                map._offsets[""] = offset;
                path.Add("");
            }
        }

        // Containers stay on the path until they end; scalars leave it at once.
        var containerIsArray = new Stack<bool>();
        while (reader.Read())
        {
            int offset = (int)reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingProperty = reader.GetString();
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    RecordValue(offset);
                    containerIsArray.Push(reader.TokenType == JsonTokenType.StartArray);
                    if (reader.TokenType == JsonTokenType.StartArray) arrayIndex.Push(0);
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    if (containerIsArray.Pop()) arrayIndex.Pop();
                    path.RemoveAt(path.Count - 1);
                    break;
                default:
                    RecordValue(offset);
                    path.RemoveAt(path.Count - 1);
                    break;
            }
        }
        return map;
    }

    /// <summary>Whether the document has a value at <paramref name="path"/>.</summary>
    public bool Contains(string path) => _offsets.ContainsKey(path);

    /// <summary>The 1-based (line, column) of the value at <paramref name="path"/>, or of the nearest enclosing value.</summary>
    public (int Line, int Column) PositionOf(string path)
    {
        while (true)
        {
            if (_offsets.TryGetValue(path, out int offset)) return PositionOfOffset(offset);
            if (path.Length == 0) return (1, 1);
            int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut < 0 ? "" : path[..cut];
        }
    }

    private (int Line, int Column) PositionOfOffset(int offset)
    {
        int line = _lineStarts.BinarySearch(offset);
        line = line >= 0 ? line : ~line - 1;
        int start = _lineStarts[line];
        int column = Encoding.UTF8.GetCharCount(_utf8, start, offset - start) + 1;
        return (line + 1, column);
    }

    private static string Join(List<string> path)
    {
        var sb = new StringBuilder();
        foreach (string part in path)
        {
            if (part.Length == 0) continue;
            if (part[0] != '[' && sb.Length > 0) sb.Append('.');
            sb.Append(part);
        }
        return sb.ToString();
    }
}
