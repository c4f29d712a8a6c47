using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Reconstitution.Cli;
using Reconstitution.Cli.Lab;

namespace Reconstitution.Tests.Lab;

/// <summary>The lab's server on a free loopback port, spoken to over HTTP as a page would.</summary>
public sealed class LabServerTests : IAsyncLifetime
{
    private LabServer _server = null!;
    private HttpClient _http = null!;
    private readonly StringWriter _log = new();

    public async Task InitializeAsync()
    {
        _server = await LabServer.StartAsync(IPAddress.Loopback, 0, LabLimits.Default, _log);
        _http = new HttpClient { BaseAddress = _server.Address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static async Task<JsonElement> Errors(HttpResponseMessage r)
    {
        Assert.Equal("application/json", r.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
    }

    private async Task AssertServes()
    {
        var r = await _http.GetAsync("api/lab");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    private Task<HttpResponseMessage> Upload(byte[] body, string name)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Post, "api/protocols/upload") { Content = content };
        request.Headers.Add("X-File-Name", Uri.EscapeDataString(name));
        return _http.SendAsync(request);
    }

    [Fact]
    public void StartAsync_LoopbackPortZero_ListensOnAFreeLoopbackPort()
    {
        Assert.Equal("127.0.0.1", _server.Address.Host);
        Assert.NotEqual(0, _server.Address.Port);
    }

    [Fact]
    public async Task Pages_AreServedFromTheAssembly()
    {
        foreach (string page in new[] { "", "compare.html", "lab.js", "form.js", "protocol.js", "run.js", "index.js", "compare.js", "lab.css" })
        {
            var r = await _http.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        }
        var missing = await _http.GetAsync("nope.html");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no page", (await Errors(missing))[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_MalformedJson_400WithLineAndColumn()
    {
        var r = await Upload(Encoding.UTF8.GetBytes("{\n  \"name\": \"x\",\n  \"conditioning\": [ }\n}"), "broken.json");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var e = (await Errors(r))[0];
        Assert.Equal("upload", e.GetProperty("field").GetString());
        Assert.Equal(3, e.GetProperty("line").GetInt32());
        Assert.StartsWith("broken.json, line 3, column ", e.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertServes();
    }

    [Fact]
    public async Task Upload_NotText_400SayingSo()
    {
        var r = await Upload([0x89, 0x50, 0x4E, 0x47, 0xFF, 0xFE, 0x00], "photo.png");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("'photo.png' is not a text file; a protocol file is JSON text (UTF-8), such as one written by 'Download protocol JSON'.",
            (await Errors(r))[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Upload_LargerThanTheLimit_413WithTheSize_AndTheServerKeepsServing()
    {
        var r = await Upload(new byte[3 * 1024 * 1024 / 2], "big.json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.StartsWith("'big.json' is 1.5 MB; a protocol file may be at most 1.0 MB", (await Errors(r))[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertServes();
    }

    [Fact]
    public async Task Upload_BuiltInWrittenOut_GivesItsForm()
    {
        string json = Reconstitution.Protocols.ProtocolFile.Write(Reconstitution.Protocols.BuiltInProtocols.Get("cord-single-mac").Definition);
        var r = await Upload(Encoding.UTF8.GetBytes(json), "cord.json");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var form = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("2e5", form.GetProperty("values").GetProperty("graft.cd34PerKg").GetString());
    }

    [Fact]
    public async Task Runs_BadRequests_400WithFieldMessages_NeverAnErrorPage()
    {
        foreach (string body in new[] { "{\"arms\": [", "[]", "{\"arms\": []}", "{\"arms\": [{\"protocol\": 3}], \"cohort\": {}}" })
        {
            var r = await _http.PostAsync("api/runs", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.NotEqual(0, (await Errors(r)).GetArrayLength());
        }
        Assert.Equal("", _log.ToString());
        await AssertServes();
    }

    [Fact]
    public async Task Runs_GoodRequest_RunsAndServesTheFiles()
    {
        var protocol = ProtocolForm.ValuesOf(Reconstitution.Protocols.BuiltInProtocols.Get("auto-cy-atg").Definition);
        var cohort = CohortForm.DefaultValues();
        cohort["patients"] = "3";
        cohort["days"] = "20";
        string body = JsonSerializer.Serialize(new { arms = new[] { new { label = "", protocol } }, cohort });
        var started = await _http.PostAsync("api/runs", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        string id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await _server.Runs.WhenIdle();
        var status = JsonDocument.Parse(await _http.GetStringAsync($"api/runs/{id}")).RootElement;
        Assert.Equal("finished", status.GetProperty("state").GetString());
        Assert.Equal(3, status.GetProperty("result").GetProperty("arms")[0].GetProperty("patients").GetInt32());
        var csv = await _http.GetAsync($"api/runs/{id}/files/patients.csv");
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(4, (await csv.Content.ReadAsStringAsync()).Trim().Split('\n').Length);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"api/runs/{id}/files/secret.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("api/runs/0123/files/patients.csv")).StatusCode);
    }

    [Fact]
    public async Task Request_ForeignHostName_Refused()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/lab");
        request.Headers.Host = "attacker.example";
        var r = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public void LabCommand_PortInUse_ExitsTwoNamingThePort()
    {
        var err = new StringWriter();
        int code = CliApp.Run(["lab", "--port", _server.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], new StringWriter(), err);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"--port: cannot listen on 127.0.0.1:{_server.Address.Port}", err.ToString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, CliApp.Run(["lab", "--host", "localhost-ish"], new StringWriter(), new StringWriter()));
    }
}
