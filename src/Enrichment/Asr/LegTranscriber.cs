namespace Middleware.Enrichment.Asr;

/// <summary>
/// One leg's audio to transcript segments: voice activity cuts the stream into utterances, each is
/// resampled to the engine's rate and decoded on a rented decoder, partial words come while the
/// speaker talks and the final segment once the hangover has run out. Times are seconds from the
/// call's start, taken from the chunks' own timestamps so an RTP gap does not shift what follows.
/// Not thread-safe: the enricher gives each leg its own worker.
/// </summary>
public sealed class LegTranscriber : IDisposable
{
    private readonly ISpeechEngine _engine;
    private readonly SpeechWorkers? _workers;
    private readonly Speaker _speaker;
    private readonly TranscriberOptions _options;
    private readonly VoiceActivityDetector _vad;
    private readonly Upsampler _upsampler;
    private readonly int _rate;
    private readonly short[] _frame;
    private readonly Queue<(short[] Input, short[] Upsampled)> _preRoll = new();
    private readonly int _preRollFrames;
    private readonly List<short> _utteranceAudio = [];
    private int _framed;
    private double _position;
    private ISpeechDecoder? _decoder;
    private double _utteranceStart;
    private double _audioStart;
    private double _lastVoicedEnd;
    private double _lastPartialAt;
    private string? _lastPartial;

    /// <param name="workers">Where the engine's calls run (the live path: below the pipeline); null: on the caller's thread (a file).</param>
    public LegTranscriber(ISpeechEngine engine, Speaker speaker, int sampleRate, TranscriberOptions? options = null, SpeechWorkers? workers = null)
    {
        _engine = engine;
        _workers = workers;
        _speaker = speaker;
        _options = options ?? new TranscriberOptions();
        _rate = sampleRate;
        _vad = new VoiceActivityDetector(sampleRate, _options.Vad);
        _upsampler = new Upsampler(sampleRate, engine.SampleRate);
        _frame = new short[_vad.FrameSamples];
        _preRollFrames = Math.Max(1, _options.Vad.PreRollMilliseconds / _options.Vad.FrameMilliseconds);
    }

    /// <summary>Decoded audio so far, seconds: what the real-time factor is measured against.</summary>
    public double AudioSeconds { get; private set; }

    /// <summary>Time spent decoding (engine calls only), for the real-time factor.</summary>
    public TimeSpan DecodeTime { get; private set; }

    /// <summary>Each final segment with its utterance's input-rate audio (pre-roll to its end): where the voice features are measured.</summary>
    public Action<TranscriptSegment, short[]>? Finished { get; set; }

    public int SampleRate => _rate;

    /// <summary>Takes audio that starts <paramref name="startSeconds"/> into the call; adds finished or revised segments to <paramref name="output"/>.</summary>
    public async ValueTask AcceptAsync(ReadOnlyMemory<short> pcm, double startSeconds, ICollection<TranscriptSegment> output, CancellationToken cancellationToken)
    {
        // The chunk's own time wins over counting samples: a lost packet or a gap moves the clock on.
        _position = startSeconds - ((double)_framed / _rate);
        var offset = 0;
        while (offset < pcm.Length)
        {
            var take = Math.Min(_frame.Length - _framed, pcm.Length - offset);
            pcm.Span.Slice(offset, take).CopyTo(_frame.AsSpan(_framed));
            _framed += take;
            offset += take;
            if (_framed == _frame.Length)
            {
                _framed = 0;
                await FrameAsync(output, cancellationToken).ConfigureAwait(false);
                _position += (double)_frame.Length / _rate;
            }
        }
    }

    /// <summary>The leg is over (call ended, leg stopped mid-word): the utterance in progress becomes final.</summary>
    public async ValueTask FinishAsync(ICollection<TranscriptSegment> output, CancellationToken cancellationToken)
    {
        if (_decoder is not null)
        {
            await EndUtteranceAsync(Math.Max(_lastVoicedEnd, _position), output, cancellationToken).ConfigureAwait(false);
        }

        _vad.Reset();
    }

    private async ValueTask FrameAsync(ICollection<TranscriptSegment> output, CancellationToken cancellationToken)
    {
        var activity = _vad.Next(_frame);
        var upsampled = _upsampler.Process(_frame);
        var frameEnd = _position + ((double)_frame.Length / _rate);
        switch (activity)
        {
            case VoiceActivity.SpeechStart:
                await BeginUtteranceAsync(upsampled, cancellationToken).ConfigureAwait(false);
                _lastVoicedEnd = frameEnd;
                break;
            case VoiceActivity.Speech when _decoder is not null:
                await FeedAsync([upsampled]).ConfigureAwait(false);
                _utteranceAudio.AddRange(_frame);
                if (_vad.LastEnergyDb > _vad.NoiseFloorDb + _options.Vad.SpeechAboveNoiseDb)
                {
                    _lastVoicedEnd = frameEnd;
                }

                if (frameEnd - _utteranceStart >= _options.MaxUtteranceSeconds)
                {
                    // A monologue without pauses: cut it so words keep flowing; the next frame opens the next one.
                    await EndUtteranceAsync(frameEnd, output, cancellationToken).ConfigureAwait(false);
                    _vad.Reset();
                }
                else if (frameEnd - _lastPartialAt >= _options.PartialEverySeconds)
                {
                    await PartialAsync(frameEnd, output).ConfigureAwait(false);
                }

                break;
            case VoiceActivity.SpeechEnd when _decoder is not null:
                await EndUtteranceAsync(_lastVoicedEnd, output, cancellationToken).ConfigureAwait(false);
                break;
            default:
                _preRoll.Enqueue(((short[])_frame.Clone(), upsampled));
                while (_preRoll.Count > _preRollFrames)
                {
                    _preRoll.Dequeue();
                }

                break;
        }
    }

    /// <summary>Rents a decoder and gives it the pre-roll and the onset frame <paramref name="first"/>.</summary>
    private async ValueTask BeginUtteranceAsync(short[] first, CancellationToken cancellationToken)
    {
        // Waiting here is the engine's concurrency limit: this leg's queue fills meanwhile and sheds audio, never events.
        _decoder = await _engine.RentAsync(cancellationToken).ConfigureAwait(false);
        await OnEngineAsync(_decoder.Begin).ConfigureAwait(false);
        _utteranceStart = _position - (_preRoll.Count * (double)_frame.Length / _rate) - ((_options.Vad.OnsetFrames - 1) * (double)_frame.Length / _rate);
        _utteranceStart = Math.Max(0, _utteranceStart);
        _audioStart = Math.Max(0, _position - (_preRoll.Count * (double)_frame.Length / _rate)); // where the audio the engine gets begins: parts are timed from it
        _lastPartialAt = _position;
        _lastPartial = null;
        _utteranceAudio.Clear();
        var feed = new List<short[]>(_preRoll.Count + 1);
        while (_preRoll.TryDequeue(out var earlier))
        {
            _utteranceAudio.AddRange(earlier.Input);
            feed.Add(earlier.Upsampled);
        }

        feed.Add(first);
        _utteranceAudio.AddRange(_frame);
        await FeedAsync(feed).ConfigureAwait(false);
    }

    private async ValueTask FeedAsync(IReadOnlyList<short[]> upsampled)
    {
        var decoder = _decoder!;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await OnEngineAsync(() =>
        {
            foreach (var piece in upsampled)
            {
                decoder.Accept(piece);
            }
        }).ConfigureAwait(false);
        DecodeTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        foreach (var piece in upsampled)
        {
            AudioSeconds += (double)piece.Length / _engine.SampleRate;
        }
    }

    /// <summary>An engine call, on the speech workers when there are any.</summary>
    private Task OnEngineAsync(Action call)
    {
        if (_workers is null)
        {
            call();
            return Task.CompletedTask;
        }

        return _workers.Run(call);
    }

    private async ValueTask PartialAsync(double at, ICollection<TranscriptSegment> output)
    {
        _lastPartialAt = at;
        var decoder = _decoder!;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var heard = _workers is null ? decoder.Partial() : await _workers.Run(decoder.Partial).ConfigureAwait(false);
        DecodeTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (heard is { Length: > 0 } text && text != _lastPartial)
        {
            _lastPartial = text;
            output.Add(new TranscriptSegment(_speaker, text, Round(_utteranceStart), Round(at), 0, _engine.Language, IsFinal: false, _engine.Name));
        }
    }

    private async ValueTask EndUtteranceAsync(double end, ICollection<TranscriptSegment> output, CancellationToken cancellationToken)
    {
        var decoder = _decoder!;
        _decoder = null;
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.DecodeTimeout);
            var heard = _workers is null
                ? await decoder.EndAsync(timeout.Token).ConfigureAwait(false)
                : await await _workers.Run(() => decoder.EndAsync(timeout.Token).AsTask()).ConfigureAwait(false);
            DecodeTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (heard.Parts is { Count: > 0 } parts)
            {
                foreach (var part in parts.Where(p => p.Text.Length > 0))
                {
                    // The engine's own timing, from the start of the audio it was sent, onto the call's clock.
                    var start = _audioStart + Math.Max(0, part.StartSeconds);
                    var segment = new TranscriptSegment(_speaker, part.Text, Round(start), Round(Math.Max(start, _audioStart + part.EndSeconds)), Math.Round(heard.Confidence, 3), heard.Language ?? _engine.Language, IsFinal: true, _engine.Name);
                    output.Add(segment);
                    Finished?.Invoke(segment, Slice(part.StartSeconds, part.EndSeconds));
                }
            }
            else if (heard.Text.Length > 0)
            {
                var segment = new TranscriptSegment(_speaker, heard.Text, Round(_utteranceStart), Round(end), Math.Round(heard.Confidence, 3), heard.Language ?? _engine.Language, IsFinal: true, _engine.Name);
                output.Add(segment);
                Finished?.Invoke(segment, [.. _utteranceAudio]);
            }
        }
        finally
        {
            decoder.Dispose();
            _utteranceAudio.Clear();
        }
    }

    /// <summary>The utterance's input-rate audio between two times from its start (a part's, for its voice features).</summary>
    private short[] Slice(double fromSeconds, double toSeconds)
    {
        var from = Math.Clamp((int)(fromSeconds * _rate), 0, _utteranceAudio.Count);
        var to = Math.Clamp((int)(toSeconds * _rate), from, _utteranceAudio.Count);
        return _utteranceAudio.GetRange(from, to - from).ToArray();
    }

    private static double Round(double seconds) => Math.Round(seconds, 2);

    public void Dispose()
    {
        _decoder?.Dispose();
        _decoder = null;
    }
}

/// <summary>How a leg is cut into utterances and how long the engine may take.</summary>
public sealed class TranscriberOptions
{
    public VadOptions Vad { get; set; } = new();

    /// <summary>How often the words so far are sent as a partial segment while someone speaks.</summary>
    public double PartialEverySeconds { get; set; } = 1.0;

    /// <summary>Longest utterance before it is cut (a decoder's search grows with it).</summary>
    public double MaxUtteranceSeconds { get; set; } = 15;

    /// <summary>Longest an engine may take for an utterance's final words before the utterance is given up.</summary>
    public TimeSpan DecodeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
