namespace Middleware.Enrichment.Asr.Engines;

/// <summary>
/// An in-process engine's native decoders, each used by one leg's utterance at a time (neither a
/// PocketSphinx ps_decoder_t nor a whisper.cpp processor is thread-safe): made on first need up to
/// <see cref="Size"/>, kept idle between utterances, freed at dispose; one still rented then is freed
/// when its rental gives it back, so a decoder is never freed under a leg that is decoding.
/// </summary>
internal sealed class DecoderPool<T>(int size, Func<T> create, Action<T> free) : IDisposable
    where T : notnull
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, size), Math.Max(1, size));
    private readonly ConcurrentBag<T> _idle = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    public int Size { get; } = Math.Max(1, size);

    /// <summary>Makes the first decoder now, so a model the native library refuses is reported at start, not at the first caller's word.</summary>
    public void Prime() => _idle.Add(create());

    /// <summary>Waits for a free slot: at most <see cref="Size"/> utterances decode at once.</summary>
    public async ValueTask<T> RentAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _idle.TryTake(out var decoder) ? decoder : create();
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public void Return(T decoder)
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _idle.Add(decoder);
                _slots.Release();
                return;
            }
        }

        free(decoder);
        _slots.Release();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        while (_idle.TryTake(out var decoder))
        {
            free(decoder);
        }
    }
}
