namespace Middleware.Adapters.Ami.Client;

/// <summary>
/// `middleware ami record`: logs in to a configured PBX like its source does and writes the bytes
/// it sends after the Login response, exactly as they came off the socket, until stopped or the
/// PBX closes the session. The file is a transcript `replay ami` reads: an integrator captures
/// what their own PBX says when something looks wrong. Nothing is journaled or written back, and
/// the credentials, which only we send, are not in it.
/// </summary>
public static class AmiSessionRecorder
{
    /// <returns>Bytes written and why the recording ended.</returns>
    public static async Task<(long Bytes, string Ended)> RecordAsync(AmiSourceOptions options, Stream output, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var tap = new Tap(output);
        var settings = new AmiConnectionSettings($"{options.Name} {options.Host}:{options.Port}", _ => ValueTask.CompletedTask, time, logger, options.MaxMessageBytes,
            OnReceived: tap.Received);
        await using var connection = await AmiConnection.ConnectAsync(options.Host, options.Port, options.Tls, settings, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        var login = await AmiLogin.LoginAsync(connection, options, cancellationToken).ConfigureAwait(false);
        tap.StartAt(login.Message.StreamOffset + login.Message.Raw.Length);
        string ended;
        try
        {
            ended = await connection.Closed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            ended = "stopped";
        }

        return (tap.Stop(), ended);
    }

    /// <summary>
    /// What the read loop hands over, kept from the stream's first byte until the Login response's
    /// end is known, then written from there on. One lock: the read loop writes, the caller starts and stops.
    /// </summary>
    private sealed class Tap(Stream output)
    {
        private readonly Lock _gate = new();
        private readonly MemoryStream _beforeStart = new();
        private long _start = -1;
        private long _written;
        private bool _stopped;

        public void Received(ReadOnlyMemory<byte> bytes)
        {
            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }

                if (_start < 0)
                {
                    _beforeStart.Write(bytes.Span);
                    return;
                }

                output.Write(bytes.Span);
                output.Flush(); // a recording cut short (the process killed) keeps what was received
                _written += bytes.Length;
            }
        }

        public void StartAt(long offset)
        {
            lock (_gate)
            {
                _start = offset;
                var kept = _beforeStart.GetBuffer().AsSpan(0, (int)_beforeStart.Length);
                if (offset < kept.Length)
                {
                    output.Write(kept[(int)offset..]);
                    _written += kept.Length - offset;
                }

                _beforeStart.SetLength(0);
            }
        }

        public long Stop()
        {
            lock (_gate)
            {
                _stopped = true;
                output.Flush();
                return _written;
            }
        }
    }
}
