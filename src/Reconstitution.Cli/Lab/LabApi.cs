using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Reconstitution.Protocols;

namespace Reconstitution.Cli.Lab;

/// <summary>
/// The lab's HTTP endpoints (docs/lab.md lists them): protocols and their form, uploads, runs, progress, stop and
/// downloads. Every refusal is JSON <c>{"errors":[{"field":…,"message":…}]}</c> that the page shows next to the field.
/// </summary>
internal static class LabApi
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Map(IEndpointRouteBuilder app, LabRunRegistry runs)
    {
        var limits = runs.Limits;
        app.MapGet("/api/lab", () => Json(new JsonObject
        {
            ["protocols"] = new JsonArray([.. BuiltInProtocols.Names.Select(n => (JsonNode)new JsonObject { ["name"] = n, ["description"] = BuiltInProtocols.Get(n).Description })]),
            ["defaultProtocol"] = "auto-cy-atg",
            ["cohort"] = new JsonObject { ["sections"] = CohortForm.Describe(limits), ["values"] = Values(CohortForm.DefaultValues()) },
            ["limits"] = new JsonObject
            {
                ["maxPatients"] = limits.MaxPatients,
                ["maxDays"] = limits.MaxDays,
                ["maxUploadBytes"] = limits.MaxUploadBytes,
                ["runTimeLimitMinutes"] = limits.RunTimeLimit.TotalMinutes,
            },
        }));
        app.MapGet("/api/protocols/{name}", (string name) =>
        {
            if (!BuiltInProtocols.Names.Contains(name))
                throw new LabInputException("protocol", $"'{name}' is not a built-in protocol; choose one of: {string.Join(", ", BuiltInProtocols.Names)}.") { StatusCode = 404 };
            return ProtocolFormJson(BuiltInProtocols.Get(name).Definition);
        });
        app.MapPost("/api/protocols/upload", async (HttpContext http) =>
        {
            string file = FileName(http);
            byte[] body = await ReadBody(http, limits.MaxUploadBytes, "upload",
                size => $"'{file}' is {Size(size)}; a protocol file may be at most {Size(limits.MaxUploadBytes)} (the built-in protocols are about 2 KB). Choose a protocol JSON file.");
            return ProtocolFormJson(ParseUpload(body, file));
        });
        app.MapPost("/api/protocols/json", async (HttpContext http) =>
        {
            using var doc = await ReadJson(http, limits);
            var definition = ProtocolForm.Read(FormReader.FromJson(Property(doc.RootElement, "protocol"), "protocol"));
            return Results.File(Encoding.UTF8.GetBytes(ProtocolFile.Write(definition)), "application/json; charset=utf-8", definition.Name + ".json");
        });
        app.MapPost("/api/runs", async (HttpContext http) =>
        {
            using var doc = await ReadJson(http, limits);
            var run = runs.Start(ReadArms(doc.RootElement, limits));
            return Json(Status(run), StatusCodes.Status202Accepted);
        });
        app.MapGet("/api/runs/{id}", (string id) => Json(Status(Find(runs, id))));
        app.MapPost("/api/runs/{id}/cancel", (string id, string? reason) =>
        {
            var run = Find(runs, id);
            run.Cancel(reason == "left" ? "Stopped: the page that started this run was left." : "Stopped on request.");
            return Json(Status(run));
        });
        app.MapGet("/api/runs/{id}/files/{name}", (string id, string name) =>
        {
            var run = Find(runs, id);
            if (run.Output is not { } output || !output.TryGetFile(name, out var file))
                throw new LabInputException("file", $"This run has no file '{name}'.") { StatusCode = 404 };
            return Results.File(file.Content, file.ContentType, name);
        });
    }

    /// <summary>The arms and cohort of a run request: <c>{"arms":[{"label":"A","protocol":{…}}, …], "cohort":{…}}</c>; every bad field is reported at once.</summary>
    public static List<LabArm> ReadArms(JsonElement root, LabLimits limits)
    {
        var armsJson = Property(root, "arms");
        if (armsJson.ValueKind != JsonValueKind.Array || armsJson.GetArrayLength() is < 1 or > 2)
            throw new LabInputException("", "A run needs one protocol, or two to compare ('arms': an array of one or two).");
        var errors = new List<FieldError>();
        var definitions = new List<(string Label, ProtocolDefinition? Definition)>();
        foreach (var arm in armsJson.EnumerateArray())
        {
            string label = arm.ValueKind == JsonValueKind.Object && arm.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "";
            if (label is not ("" or "A" or "B")) throw new LabInputException("", $"Arm label '{label}' is not allowed; use A, B or none.");
            try
            {
                definitions.Add((label, ProtocolForm.Read(FormReader.FromJson(Property(arm, "protocol"), "protocol"))));
            }
            catch (LabInputException ex)
            {
                string scope = label.Length == 0 ? "" : label.ToLowerInvariant() + ":";
                errors.AddRange(ex.Errors.Select(e => e with { Field = scope + e.Field }));
                definitions.Add((label, null));
            }
        }
        Cohorts.CohortSpecification? spec = null;
        try
        {
            // The protocol is filled in per arm below; the cohort's own fields are checked once here.
            spec = CohortForm.Read(FormReader.FromJson(Property(root, "cohort"), "cohort"), limits, BuiltInProtocols.Get("none"));
        }
        catch (LabInputException ex)
        {
            errors.AddRange(ex.Errors);
        }
        if (errors.Count > 0) throw new LabInputException(errors);
        return [.. definitions.Select(d => new LabArm(d.Label, d.Definition!, spec! with { Protocol = new DefinedProtocol(d.Definition!) }))];
    }

    /// <summary>A protocol file's definition, or a message with line and column.</summary>
    public static ProtocolDefinition ParseUpload(byte[] body, string file)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(body).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new LabInputException("upload", $"'{file}' is not a text file; a protocol file is JSON text (UTF-8), such as one written by 'Download protocol JSON'.");
        }
        try
        {
            return ProtocolFile.Parse(text, file);
        }
        catch (ProtocolFileException ex)
        {
            string field = ex.Field.Length == 0 ? "" : $"field '{ex.Field}': ";
            throw new LabInputException([new FieldError("upload", $"{ex.Source}, line {ex.Line}, column {ex.Column}: {field}{ex.Problem}", ex.Line, ex.Column)]);
        }
    }

    /// <summary>The status of a run, with its output once it has ended.</summary>
    public static JsonObject Status(LabRun run)
    {
        var o = new JsonObject
        {
            ["id"] = run.Id,
            ["state"] = run.State.ToString().ToLowerInvariant(),
            ["finished"] = run.Finished,
            ["requested"] = run.Requested,
            ["protocols"] = new JsonArray([.. run.Arms.Select(a => (JsonNode)a.Definition.Name)]),
        };
        if (run.Message is { } m) o["message"] = m;
        if (run.Output is { } output) o["result"] = output.Page.DeepClone();
        return o;
    }

    private static JsonObject ProtocolFormJson(ProtocolDefinition definition) => new()
    {
        ["name"] = definition.Name,
        ["sections"] = ProtocolForm.Describe(),
        ["values"] = Values(ProtocolForm.ValuesOf(definition)),
    };

    private static LabRun Find(LabRunRegistry runs, string id) =>
        runs.Find(id) ?? throw new LabInputException("run", string.Create(CultureInfo.InvariantCulture,
            $"This run is unknown or its results were dropped (the lab keeps the last {runs.Limits.MaxKeptRuns} runs, each for {runs.Limits.ResultLifetime.TotalMinutes:0} minutes after it was last viewed); run it again.")) { StatusCode = 404 };

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) ? v
            : throw new LabInputException("", $"The request has no '{name}' object.");

    private static JsonObject Values(Dictionary<string, string> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values) o[k] = v;
        return o;
    }

    private static async Task<JsonDocument> ReadJson(HttpContext http, LabLimits limits)
    {
        byte[] body = await ReadBody(http, limits.MaxRequestBytes, "", size => $"The request is {Size(size)}; at most {Size(limits.MaxRequestBytes)}.");
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new LabInputException("", $"The request is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Reads a request body of at most <paramref name="limit"/> bytes; a larger one is refused (413) without reading it all.</summary>
    private static async Task<byte[]> ReadBody(HttpContext http, int limit, string field, Func<long, string> tooLarge)
    {
        if (http.Request.ContentLength is { } declared && declared > limit)
            throw new LabInputException(field, tooLarge(declared)) { StatusCode = StatusCodes.Status413PayloadTooLarge };
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
        {
            if (copy.Length + read > limit)
                throw new LabInputException(field, tooLarge(copy.Length + read)) { StatusCode = StatusCodes.Status413PayloadTooLarge };
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }

    // The upload's file name, sent URL-encoded in a header (the body is the file itself); only for messages.
    private static string FileName(HttpContext http)
    {
        string? raw = http.Request.Headers["X-File-Name"];
        string name = string.IsNullOrWhiteSpace(raw) ? "the file" : Uri.UnescapeDataString(raw);
        name = Path.GetFileName(name);
        return name.Length > 80 ? name[..77] + "…" : name;
    }

    private static string Size(long bytes) => bytes >= 1 << 20
        ? (bytes / (double)(1 << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB";

    public static IResult Json(JsonNode node, int status = StatusCodes.Status200OK) =>
        Results.Text(node.ToJsonString(), "application/json; charset=utf-8", Encoding.UTF8, status);
}
