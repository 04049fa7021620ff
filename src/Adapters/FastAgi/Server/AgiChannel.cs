using Middleware.Adapters.FastAgi.Framing;
using Middleware.Adapters.FastAgi.Protocol;
using Middleware.Core.Ivr;

namespace Middleware.Adapters.FastAgi.Server;

/// <summary>
/// One FastAGI session seen from the script's side: sends a command line, waits for its reply.
/// The HANGUP notification marks the caller gone (the reply to the command in flight still comes);
/// a reply of result=-1, a 511 (dead channel) or the socket closing ends the conversation with
/// <see cref="CallerHungUpException"/>. Lines that are not AGI are counted and skipped.
/// </summary>
public sealed class AgiChannel : IIvrChannel
{
    private readonly PipeReader _input;
    private readonly Stream _output;
    private readonly AgiFrameParser _parser;
    private readonly TimeSpan _commandTimeout;
    private readonly Func<CallCenterEvent, CancellationToken, ValueTask> _record;

    internal AgiChannel(AgiRequest request, string? callId, PipeReader input, Stream output, AgiFrameParser parser, TimeSpan commandTimeout,
        Func<CallCenterEvent, CancellationToken, ValueTask> record)
    {
        Request = request;
        CallId = callId;
        _input = input;
        _output = output;
        _parser = parser;
        _commandTimeout = commandTimeout;
        _record = record;
    }

    public AgiRequest Request { get; }

    public string CallerNumber => Request.CallerId;

    public string Channel => Request.Channel;

    public string? CallId { get; }

    public string Language => Request.Language;

    public IReadOnlyDictionary<string, string> Arguments => Request.Arguments;

    public bool HungUp { get; private set; }

    /// <summary>Commands sent so far.</summary>
    public int Commands { get; private set; }

    /// <summary>Lines that were not AGI, with their offsets (also logged by the server).</summary>
    public List<AgiFramingError> FramingErrors { get; } = [];

    public async Task AnswerAsync(CancellationToken cancellationToken) => await SendAsync(AgiCommand.Answer(), cancellationToken).ConfigureAwait(false);

    public async Task<char?> PlayAsync(string prompt, string escapeDigits, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(AgiCommand.StreamFile(prompt, escapeDigits), cancellationToken).ConfigureAwait(false);
        return reply.Result > 0 ? (char)reply.Result.Value : null; // result is the ASCII code of the digit pressed
    }

    public async Task<DigitInput> ReadDigitsAsync(string prompt, TimeSpan timeout, int maxDigits, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(AgiCommand.GetData(prompt, timeout, maxDigits), cancellationToken).ConfigureAwait(false);

        // GET DATA answers "200 result=<digits>" or "200 result=<digits> (timeout)"; no digits at all
        // is "result= (timeout)" on some versions, which Parse reads as no result.
        var digits = DigitsOf(reply);
        return new DigitInput(digits, reply.Data == "timeout");
    }

    public async Task SayNumberAsync(long number, CancellationToken cancellationToken) => await SendAsync(AgiCommand.SayNumber(number), cancellationToken).ConfigureAwait(false);

    public async Task SayDigitsAsync(string digits, CancellationToken cancellationToken) => await SendAsync(AgiCommand.SayDigits(digits), cancellationToken).ConfigureAwait(false);

    public async Task SetVariableAsync(string name, string value, CancellationToken cancellationToken) => await SendAsync(AgiCommand.SetVariable(name, value), cancellationToken).ConfigureAwait(false);

    public async Task<string?> GetVariableAsync(string name, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(AgiCommand.GetVariable(name), cancellationToken, deadAllowed: true).ConfigureAwait(false);
        return reply.Result == 1 ? reply.Data ?? "" : null;
    }

    public async Task<int> ExecAsync(string application, string arguments, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(AgiCommand.Exec(application, arguments), cancellationToken).ConfigureAwait(false);
        return reply.Result ?? 0;
    }

    public async Task VerboseAsync(string message, int level, CancellationToken cancellationToken) =>
        await SendAsync(AgiCommand.Verbose(message, level), cancellationToken, deadAllowed: true).ConfigureAwait(false);

    public async Task HangupAsync(CancellationToken cancellationToken)
    {
        await SendAsync(AgiCommand.Hangup(), cancellationToken).ConfigureAwait(false);
        HungUp = true;
    }

    public ValueTask RecordAsync(CallCenterEvent payload, CancellationToken cancellationToken) => _record(payload, cancellationToken);

    /// <summary>Sends one command and returns its reply.</summary>
    public async Task<AgiReply> SendAsync(string commandLine, CancellationToken cancellationToken, bool deadAllowed = false)
    {
        if (HungUp && !deadAllowed)
        {
            throw new CallerHungUpException($"the caller hung up before '{commandLine}'");
        }

        Commands++;
        await _output.WriteAsync(Encoding.UTF8.GetBytes(commandLine + "\n"), cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_commandTimeout);
        AgiReply reply;
        try
        {
            reply = await ReadReplyAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CallerHungUpException($"no reply to '{commandLine}' within {_commandTimeout.TotalSeconds:0} s");
        }

        switch (reply.Code)
        {
            case AgiReply.DeadChannel:
                HungUp = true;
                throw new CallerHungUpException($"'{commandLine}': {reply.Text}");
            case AgiReply.InvalidCommand:
                throw new AgiCommandException($"Asterisk does not know '{commandLine}': {reply.Text}");
            case AgiReply.UsageError:
                throw new AgiCommandException($"Asterisk refused the syntax of '{commandLine}': {string.Join(" ", reply.Usage ?? [])}".Trim());
        }

        if (reply.Result == -1 && !deadAllowed)
        {
            // res_agi answers -1 when the channel went away during the command (or the command failed on it).
            HungUp = true;
            throw new CallerHungUpException($"the caller hung up during '{commandLine}'");
        }

        return reply;
    }

    private async Task<AgiReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            AgiReply? reply = null;
            while (reply is null && (read.IsCompleted ? _parser.TryReadFinal(ref buffer, out var frame) : _parser.TryRead(ref buffer, out frame)))
            {
                switch (frame.Kind)
                {
                    case AgiFrameKind.Reply:
                        reply = frame.Reply;
                        break;
                    case AgiFrameKind.Hangup:
                        HungUp = true;
                        break;
                    case AgiFrameKind.Error:
                        FramingErrors.Add(frame.Error!);
                        break;
                }
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (reply is not null)
            {
                return reply;
            }

            if (read.IsCompleted)
            {
                HungUp = true;
                throw new CallerHungUpException("the PBX closed the AGI session");
            }
        }
    }

    private static string DigitsOf(AgiReply reply)
    {
        // "result=123" keeps leading zeros only in the text: read the digits from there.
        if (!reply.Text.StartsWith("result=", StringComparison.Ordinal))
        {
            return "";
        }

        var text = reply.Text.AsSpan("result=".Length);
        var end = text.IndexOf(' ');
        var digits = end < 0 ? text : text[..end];
        return digits.ContainsAnyExcept("0123456789*#") ? "" : digits.ToString();
    }
}
