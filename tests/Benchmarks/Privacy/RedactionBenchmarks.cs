using BenchmarkDotNet.Attributes;
using Middleware.Core.Events;
using Middleware.Core.Privacy;
using Middleware.Enrichment.Privacy;
using Middleware.Enrichment.Privacy.Evaluation;

namespace Middleware.Benchmarks.Privacy;

/// <summary>
/// PII redaction per transcript segment: the text redactor alone (segments/s), and what the pipeline
/// adds per journaled event (EnvelopeRedactor: payload to JSON, every string scanned, rewritten only
/// when something was found). Segments: 256 from the seeded evaluation set (seed 13; about half carry
/// personal data, half are look-alikes), English and Chinese. Baseline: the seam's NoRedaction, and
/// serializing the same payloads to JSON (what the journal pays for each event anyway).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RedactionBenchmarks
{
    private const int Segments = 256;
    private string[] _texts = [];
    private EventEnvelope[] _envelopes = [];
    private EventEnvelope[] _signalling = [];
    private readonly EnvelopeRedactor _envelopeRedactor = new(PiiRedactor.Instance);

    [GlobalSetup]
    public void Setup()
    {
        var factory = new EventFactory(TimeProvider.System);
        _texts = PiiCorpus.Generate(13, Segments).Select(u => u.Text).ToArray();
        _envelopes = _texts.Select((t, i) => factory.Create("asr", "call-" + (i % 32), new TranscriptSegment(Speaker.Caller, t, i, i + 3, 0.9, i % 2 == 0 ? "en" : "zh"))).ToArray();
        _signalling = Enumerable.Range(0, Segments).Select(i => factory.Create("pbx", "call-" + i,
            new CallStarted("1380013" + (8000 + i), "王芳", "4008001234", CallDirection.Inbound, $"PJSIP/trunk-{i:x8}"),
            raw: RawSource.FromText("ami", $"Event: Newchannel\r\nChannel: PJSIP/trunk-{i:x8}\r\nCallerIDNum: 1380013{8000 + i}\r\nCallerIDName: 王芳\r\nExten: 4008001234\r\nUniqueid: 1700000000.{i}\r\n\r\n"))).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Segments)]
    public int No_redaction()
    {
        var n = 0;
        foreach (var t in _texts)
        {
            n += NoRedaction.Instance.Redact(t).Text.Length;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Segments)]
    public int Redact_text()
    {
        var n = 0;
        foreach (var t in _texts)
        {
            n += PiiRedactor.Instance.Redact(t).Text.Length;
        }

        return n;
    }

    /// <summary>What the journal pays per event anyway, for scale.</summary>
    [Benchmark(OperationsPerInvoke = Segments)]
    public int Serialize_segment_payload()
    {
        var n = 0;
        foreach (var e in _envelopes)
        {
            n += EventJson.SerializeToUtf8(e.Payload).Length;
        }

        return n;
    }

    /// <summary>The pipeline's added work per transcript segment before the journal.</summary>
    [Benchmark(OperationsPerInvoke = Segments)]
    public int Redact_segment_envelope()
    {
        var n = 0;
        foreach (var e in _envelopes)
        {
            n += _envelopeRedactor.Redact(e).Kind.Length;
        }

        return n;
    }

    /// <summary>The pipeline's added work per signalling event with its raw AMI text (nothing to find: the common case).</summary>
    [Benchmark(OperationsPerInvoke = Segments)]
    public int Redact_signalling_envelope()
    {
        var n = 0;
        foreach (var e in _signalling)
        {
            n += _envelopeRedactor.Redact(e).Kind.Length;
        }

        return n;
    }
}
