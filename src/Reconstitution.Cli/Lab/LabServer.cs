using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Reconstitution.Cli.Lab;

/// <summary>
/// The lab's web server: Kestrel from the ASP.NET Core shared framework, on one address (loopback by default), serving
/// the embedded pages and <see cref="LabApi"/>. Every failure inside a request becomes a JSON message, so the server
/// keeps serving whatever a page sends.
/// </summary>
internal sealed class LabServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LabServer(WebApplication app, LabRunRegistry runs, Uri address)
    {
        _app = app;
        Runs = runs;
        Address = address;
    }

    /// <summary>The address the server listens on, e.g. <c>http://127.0.0.1:5170/</c>.</summary>
    public Uri Address { get; }

    public LabRunRegistry Runs { get; }

    /// <summary>Starts the server.</summary>
    /// <param name="address">The IP address to bind (loopback unless the user asked otherwise).</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="limits">The bounds on runs and uploads.</param>
    /// <param name="log">Where unexpected errors are written (standard error).</param>
    /// <param name="cancellationToken">Abandons the start.</param>
    /// <exception cref="IOException">The address cannot be bound (e.g. the port is in use).</exception>
    public static async Task<LabServer> StartAsync(IPAddress address, int port, LabLimits limits, TextWriter log, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(address, port);
            k.Limits.MaxRequestBodySize = limits.MaxRequestBytes;
            k.AddServerHeader = false;
        });
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        var app = builder.Build();
        var runs = new LabRunRegistry(limits, TimeProvider.System, TimeSpan.FromSeconds(1));
        bool loopback = IPAddress.IsLoopback(address);
        app.Use(async (http, next) =>
        {
            var headers = http.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'";
            // A page from another site cannot reach a loopback lab through a name that resolves to 127.0.0.1 (DNS rebinding).
            if (loopback && !IsLoopbackHost(http.Request.Host.Host))
            {
                await Problem(http, StatusCodes.Status400BadRequest, "", "The lab answers only to localhost and 127.0.0.1.");
                return;
            }
            try
            {
                await next(http);
            }
            catch (LabInputException ex)
            {
                await Problem(http, ex.StatusCode, ex.Errors);
            }
            catch (BadHttpRequestException ex)
            {
                await Problem(http, ex.StatusCode, "", "The request was refused: " + ex.Message);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The page went away mid-request; nobody is left to answer.
            }
            catch (Exception ex)
            {
                lock (log) log.WriteLine($"reconstitution lab: {http.Request.Method} {http.Request.Path}: {ex.GetType().Name}: {ex.Message}");
                await Problem(http, StatusCodes.Status500InternalServerError, "", $"The lab hit an unexpected error ({ex.GetType().Name}: {ex.Message}). It keeps running; try again.");
            }
        });
        LabApi.Map(app, runs);
        app.MapGet("/{**path}", (string? path) =>
            LabStaticFiles.Find(path ?? "") is { } file
                ? Results.Bytes(file.Content, file.ContentType)
                : throw new LabInputException("", $"There is no page '/{path}'. The lab is at / and /compare.html.") { StatusCode = 404 });
        app.MapFallback(() => { throw new LabInputException("", "Unknown request.") { StatusCode = 404 }; });
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            runs.Dispose();
            await app.DisposeAsync();
            throw;
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        return new LabServer(app, runs, uri);
    }

    /// <summary>Waits until <paramref name="cancellationToken"/> fires or the host is told to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Runs.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static bool IsLoopbackHost(string host) =>
        host is "localhost" or "127.0.0.1" or "[::1]" or "::1" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    private static Task Problem(HttpContext http, int status, string field, string message) => Problem(http, status, [new FieldError(field, message)]);

    private static async Task Problem(HttpContext http, int status, IReadOnlyList<FieldError> errors)
    {
        if (http.Response.HasStarted) return;
        http.Response.Clear();
        http.Response.StatusCode = status;
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        var list = new JsonArray();
        foreach (var e in errors)
        {
            var o = new JsonObject { ["field"] = e.Field, ["message"] = e.Message };
            if (e.Line is { } line) o["line"] = line;
            if (e.Column is { } column) o["column"] = column;
            list.Add(o);
        }
        await LabApi.Json(new JsonObject { ["errors"] = list }, status).ExecuteAsync(http);
    }
}
