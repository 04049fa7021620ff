using NWaves.Features;
using NWaves.Transforms;

namespace Middleware.Enrichment.Asr;

/// <summary>What the detector says about the frame just given.</summary>
public enum VoiceActivity
{
    Silence,

    /// <summary>Speech was confirmed on this frame; the frames of the onset (and the pre-roll) belong to it.</summary>
    SpeechStart,
    Speech,

    /// <summary>The hangover ran out on this frame: the utterance is over.</summary>
    SpeechEnd,
}

/// <summary>
/// Frame-by-frame voice activity: a frame is voiced when its energy stands out of the leg's own
/// noise floor (tracked while nobody speaks) and its spectrum is not flat (speech has formants and
/// harmonics; line hiss and comfort noise are near white, Wiener-entropy close to 1). Onset needs a
/// few voiced frames in a row so a click does not open an utterance; the end waits out a hangover
/// so the pauses between words do not split one. Not thread-safe: one per leg.
/// </summary>
public sealed class VoiceActivityDetector
{
    private readonly VadOptions _options;
    private readonly RealFft _fft;
    private readonly float[] _frame;
    private readonly float[] _spectrum;
    private double _noiseFloorDb = double.NaN;
    private int _voicedRun;
    private int _silentRun;
    private bool _inSpeech;

    public VoiceActivityDetector(int sampleRate, VadOptions? options = null)
    {
        _options = options ?? new VadOptions();
        SampleRate = sampleRate;
        FrameSamples = sampleRate * _options.FrameMilliseconds / 1000;
        var fftSize = 1;
        while (fftSize < FrameSamples)
        {
            fftSize <<= 1;
        }

        _fft = new RealFft(fftSize);
        _frame = new float[fftSize];
        _spectrum = new float[(fftSize / 2) + 1];
    }

    public int SampleRate { get; }

    /// <summary>Samples per frame the detector wants (20 ms by default).</summary>
    public int FrameSamples { get; }

    public bool InSpeech => _inSpeech;

    /// <summary>Energy of the last frame, dBFS.</summary>
    public double LastEnergyDb { get; private set; }

    public double NoiseFloorDb => _noiseFloorDb;

    public VoiceActivity Next(ReadOnlySpan<short> frame)
    {
        var voiced = IsVoiced(frame);
        if (!_inSpeech)
        {
            _voicedRun = voiced ? _voicedRun + 1 : 0;
            if (_voicedRun >= _options.OnsetFrames)
            {
                _inSpeech = true;
                _silentRun = 0;
                return VoiceActivity.SpeechStart;
            }

            return VoiceActivity.Silence;
        }

        _silentRun = voiced ? 0 : _silentRun + 1;
        if (_silentRun * _options.FrameMilliseconds >= _options.HangoverMilliseconds)
        {
            _inSpeech = false;
            _voicedRun = 0;
            return VoiceActivity.SpeechEnd;
        }

        return VoiceActivity.Speech;
    }

    /// <summary>Forgets an utterance in progress (the caller ended it early, e.g. at its length limit).</summary>
    public void Reset()
    {
        _inSpeech = false;
        _voicedRun = 0;
        _silentRun = 0;
    }

    private bool IsVoiced(ReadOnlySpan<short> frame)
    {
        double sum = 0;
        for (var i = 0; i < frame.Length; i++)
        {
            sum += (double)frame[i] * frame[i];
        }

        var rms = Math.Sqrt(sum / Math.Max(1, frame.Length)) / 32768.0;
        var energyDb = 20 * Math.Log10(Math.Max(rms, 1e-5)); // -100 dBFS for digital silence
        LastEnergyDb = energyDb;
        if (double.IsNaN(_noiseFloorDb))
        {
            _noiseFloorDb = Math.Min(energyDb, _options.InitialNoiseFloorDb);
        }

        var loudEnough = energyDb > _options.MinimumSpeechDb && energyDb > _noiseFloorDb + _options.SpeechAboveNoiseDb;
        var voiced = loudEnough && Flatness(frame) < _options.MaxSpectralFlatness;

        // The floor follows quiet frames slowly and drops at once, so a loud voice never becomes "noise".
        if (energyDb < _noiseFloorDb)
        {
            _noiseFloorDb = energyDb;
        }
        else if (!voiced)
        {
            _noiseFloorDb += (energyDb - _noiseFloorDb) * 0.05;
        }

        return voiced;
    }

    /// <summary>Spectral flatness (geometric over arithmetic mean of the power spectrum), 0 = tonal, 1 = white noise.</summary>
    private float Flatness(ReadOnlySpan<short> frame)
    {
        Array.Clear(_frame);
        for (var i = 0; i < frame.Length; i++)
        {
            _frame[i] = frame[i] / 32768f;
        }

        _fft.PowerSpectrum(_frame, _spectrum, normalize: true);
        var flatness = Spectral.Flatness(_spectrum, 1e-10f);
        return float.IsFinite(flatness) ? flatness : 1f;
    }
}

/// <summary>How the voice-activity detector segments a leg.</summary>
public sealed class VadOptions
{
    public int FrameMilliseconds { get; set; } = 20;

    /// <summary>Voiced frames in a row that open an utterance.</summary>
    public int OnsetFrames { get; set; } = 3;

    /// <summary>
    /// Silence that closes one. Endpointing: the final segment comes this long plus the decode after the
    /// speaker stops. 300 ms chosen on the development set (docs/models.md): 400 ms was no better.
    /// </summary>
    public int HangoverMilliseconds { get; set; } = 300;

    /// <summary>Audio kept from before the onset, so the first phoneme is not cut.</summary>
    public int PreRollMilliseconds { get; set; } = 200;

    /// <summary>dB above the tracked noise floor a voiced frame must be.</summary>
    public double SpeechAboveNoiseDb { get; set; } = 10;

    /// <summary>Nothing quieter than this is speech, dBFS.</summary>
    public double MinimumSpeechDb { get; set; } = -50;

    public double InitialNoiseFloorDb { get; set; } = -60;

    public double MaxSpectralFlatness { get; set; } = 0.5;
}
