using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Middleware.Core.Media;
using Middleware.Enrichment.Asr;

namespace Middleware.TranscriptionServer;

/// <summary>
/// OpenAI's POST /v1/audio/transcriptions on Kestrel, answered by one of the project's real speech
/// engines (PocketSphinx) run on the uploaded WAV: multipart form with file, model, optional
/// language and response_format (json, verbose_json, text); errors as OpenAI shapes them,
/// {"error": {"message", "type"}}. What the HTTP speech engine is tested against, and a server an
/// integrator can try it with before pointing it at whisper.cpp, faster-whisper or FunASR.
/// <see cref="Faults"/> makes it fail on purpose (status codes, a malformed answer).
/// </summary>
public sealed class RecognizerServer : IAsyncDisposable
{
    public const string Path = "/v1/audio/transcriptions";

    private readonly WebApplication _app;
    private long _requests;

    private RecognizerServer(WebApplication app, Uri address, TranscriptionFaults faults)
    {
        _app = app;
        Address = address;
        Faults = faults;
    }

    public Uri Address { get; }

    public Uri Endpoint => new(Address, Path);

    public TranscriptionFaults Faults { get; }

    /// <summary>Transcription requests received, failed on purpose or not.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <param name="url">http://127.0.0.1:0 picks a free port.</param>
    /// <param name="apiKey">When set, requests must carry it as a bearer token.</param>
    public static async Task<RecognizerServer> StartAsync(ISpeechEngine engine, string url = "http://127.0.0.1:0", string? apiKey = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var faults = new TranscriptionFaults();
        RecognizerServer? server = null;
        app.MapPost(Path, async (HttpContext context) =>
        {
            Interlocked.Increment(ref server!._requests);
            await server.AnswerAsync(context, engine, apiKey);
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new RecognizerServer(app, new Uri(bound.Replace("[::]", IPAddress.Loopback.ToString(), StringComparison.Ordinal)), faults);
        return server;
    }

    private async Task AnswerAsync(HttpContext context, ISpeechEngine engine, string? apiKey)
    {
        var cancel = context.RequestAborted;
        if (Faults.TakeStatus() is { } status)
        {
            await Error(context, status, "injected fault", "server_error");
            return;
        }

        if (apiKey is not null && context.Request.Headers.Authorization.ToString() != "Bearer " + apiKey)
        {
            await Error(context, StatusCodes.Status401Unauthorized, "missing or wrong bearer token", "invalid_request_error");
            return;
        }

        if (!context.Request.HasFormContentType)
        {
            await Error(context, StatusCodes.Status400BadRequest, "expected multipart/form-data with a file field", "invalid_request_error");
            return;
        }

        var form = await context.Request.ReadFormAsync(cancel);
        var format = form["response_format"].ToString() is { Length: > 0 } f ? f : "json";
        var problem = form.Files.GetFile("file") is null ? "no file field"
            : string.IsNullOrWhiteSpace(form["model"]) ? "no model field"
            : format is not ("json" or "verbose_json" or "text") ? $"response_format '{format}' is not json, verbose_json or text"
            : form["language"].ToString() is { Length: > 0 } language && engine.Language is { } known && !language.Equals(known, StringComparison.OrdinalIgnoreCase) ? $"this server recognizes '{known}' only, not '{language}'"
            : null;
        if (problem is not null)
        {
            await Error(context, StatusCodes.Status400BadRequest, problem, "invalid_request_error");
            return;
        }

        using var upload = new MemoryStream();
        await form.Files.GetFile("file")!.CopyToAsync(upload, cancel);
        var audio = WavReader.Read(upload.GetBuffer().AsSpan(0, (int)upload.Length));
        if (audio.Error is not null || engine.SampleRate % Math.Max(1, audio.SampleRate) != 0)
        {
            await Error(context, StatusCodes.Status400BadRequest, $"file: {audio.Error ?? $"{audio.SampleRate} Hz cannot be resampled to {engine.SampleRate} Hz"}", "invalid_request_error");
            return;
        }

        var segments = (await FileTranscription.TranscribeAsync(engine, audio, cancellationToken: cancel)).Where(s => s.IsFinal).ToList();
        var text = string.Join(' ', segments.Select(s => s.Text));
        if (Faults.TakeMalformed())
        {
            await context.Response.WriteAsync("{\"text\": \"" + text, cancel); // cut off mid-string: not JSON
            return;
        }

        if (format == "text")
        {
            await context.Response.WriteAsync(text, cancel);
            return;
        }

        if (format == "json")
        {
            await context.Response.WriteAsJsonAsync(new { text }, cancel);
            return;
        }

        // verbose_json as OpenAI writes it: the language by name, avg_logprob the mean token log-probability.
        var languageName = engine.Language is { } code ? CultureInfo.GetCultureInfo(code).EnglishName.ToLowerInvariant() : "unknown";
        await context.Response.WriteAsJsonAsync(new
        {
            task = "transcribe",
            language = languageName,
            duration = Math.Round(audio.Seconds, 3),
            text,
            segments = segments.Select((s, i) => new { id = i, start = s.StartSeconds, end = s.EndSeconds, text = s.Text, avg_logprob = Math.Log(Math.Max(1e-6, s.Confidence)) }),
        }, cancel);
    }

    private static Task Error(HttpContext context, int status, string message, string type)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, type } });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What the server does wrong on purpose, for the next requests.</summary>
public sealed class TranscriptionFaults
{
    private readonly Lock _lock = new();
    private readonly Queue<int> _statuses = new();
    private int _malformed;

    /// <summary>The next requests answer these statuses, one each, in order (500 then 503...).</summary>
    public void FailNext(params int[] statuses)
    {
        lock (_lock)
        {
            foreach (var status in statuses)
            {
                _statuses.Enqueue(status);
            }
        }
    }

    /// <summary>The next <paramref name="count"/> transcriptions are answered 200 with JSON cut off mid-string.</summary>
    public void MalformNext(int count = 1) => Interlocked.Add(ref _malformed, count);

    internal int? TakeStatus()
    {
        lock (_lock)
        {
            return _statuses.TryDequeue(out var status) ? status : null;
        }
    }

    internal bool TakeMalformed()
    {
        while (true)
        {
            var left = Volatile.Read(ref _malformed);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _malformed, left - 1, left) == left)
            {
                return true;
            }
        }
    }
}
