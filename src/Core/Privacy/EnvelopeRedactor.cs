using System.Text;

namespace Middleware.Core.Privacy;

/// <summary>
/// Applies an <see cref="ITextRedactor"/> to everything of an envelope that is stored or sent on:
/// every string of the payload, whatever the event kind (a kind added later is covered without
/// anyone listing its fields), and the raw source text. The pipeline calls it before the journal,
/// so the journal, the broker (which publishes from the journal) and write-backs (built from journaled
/// requests) only ever see the redacted envelope. <see cref="IdentityFields"/> says where phone numbers stay.
/// </summary>
public sealed class EnvelopeRedactor(ITextRedactor redactor)
{
    public ITextRedactor Redactor { get; } = redactor;

    /// <summary>The envelope itself when nothing was found (the common case allocates only the scan).</summary>
    public EventEnvelope Redact(EventEnvelope envelope)
    {
        var payload = RedactPayload(envelope.Payload);
        var raw = envelope.Raw is { } source ? RedactRaw(source) : null;
        if (ReferenceEquals(payload, envelope.Payload) && ReferenceEquals(raw, envelope.Raw))
        {
            return envelope;
        }

        return envelope with { Payload = payload, Raw = raw };
    }

    public IReadOnlyList<EventEnvelope> Redact(IReadOnlyList<EventEnvelope> batch)
    {
        EventEnvelope[]? copy = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var redacted = Redact(batch[i]);
            if (!ReferenceEquals(redacted, batch[i]))
            {
                copy ??= batch.ToArray();
                copy[i] = redacted;
            }
        }

        return copy ?? batch;
    }

    /// <summary>What is kept of one field's text: phone numbers stay in <see cref="IdentityFields"/>, nothing found stays anywhere.</summary>
    public string RedactField(string? field, string text) =>
        RedactField(text, field is not null && IdentityFields.Contains(field));

    private string RedactField(string text, bool identity)
    {
        if (identity && !IdentityFields.MayHoldMoreThanAPhone(text))
        {
            return text;
        }

        var result = Redactor.Redact(text);
        if (!result.Changed)
        {
            return text;
        }

        if (!identity)
        {
            return result.Text;
        }

        // Rebuild from the original keeping the phone numbers: only the other findings are replaced.
        StringBuilder? output = null;
        var at = 0;
        foreach (var f in result.Findings)
        {
            if (f.Type == "PHONE")
            {
                continue;
            }

            output ??= new StringBuilder(text.Length);
            output.Append(text, at, f.Start - at).Append('[').Append(f.Type).Append(']');
            at = f.Start + f.Length;
        }

        return output is null ? text : output.Append(text, at, text.Length - at).ToString();
    }

    private CallCenterEvent RedactPayload(CallCenterEvent payload)
    {
        if (payload is AudioChunk)
        {
            return payload; // samples, no text
        }

        var json = EventJson.SerializeToUtf8(payload);
        var replacements = PayloadStrings.Replacements(json, this);
        return replacements is null ? payload : EventJson.Deserialize(PayloadStrings.Rewrite(json, replacements));
    }

    /// <summary>AMI, SIP and AGI text is "Key: Value" lines (a SIP body after the blank line is SDP: addressing); other formats are free text.</summary>
    private RawSource RedactRaw(RawSource raw)
    {
        if (raw.Bytes.IsEmpty)
        {
            return raw;
        }

        var text = raw.Text;
        var redacted = raw.Format is "ami" or "sip" or "agi" ? RedactLines(text, raw.Format == "sip") : RedactField(null, text);
        return ReferenceEquals(redacted, text) ? raw : RawSource.FromText(raw.Format, redacted);
    }

    private string RedactLines(string text, bool sip)
    {
        StringBuilder? output = null;
        var lineStart = 0;
        var body = false;
        var first = true;
        while (lineStart < text.Length)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline + 1;
            var line = text.AsSpan(lineStart, lineEnd - lineStart);
            var content = line.TrimEnd("\r\n");
            bool identity;
            int valueStart;
            if (sip && (first || body))
            {
                (identity, valueStart) = (true, 0); // the request/status line and the SDP body are addressing
            }
            else if (content.IndexOf(':') is var colon and > 0)
            {
                (identity, valueStart) = (IdentityFields.Contains(content[..colon].Trim()), colon + 1);
            }
            else
            {
                (identity, valueStart) = (false, 0);
            }

            body |= sip && content.IsEmpty;
            first = false;
            var valueSpan = content[valueStart..];
            string? kept = null;
            if (!valueSpan.IsEmpty && (!identity || IdentityFields.MayHoldMoreThanAPhone(valueSpan)))
            {
                var value = valueSpan.ToString();
                var redacted = RedactField(value, identity);
                kept = ReferenceEquals(redacted, value) ? null : redacted;
            }

            if (kept is not null || output is not null)
            {
                output ??= new StringBuilder(text.Length).Append(text, 0, lineStart);
                output.Append(line[..valueStart]);
                if (kept is not null)
                {
                    output.Append(kept);
                }
                else
                {
                    output.Append(valueSpan);
                }

                output.Append(line[content.Length..]);
            }

            lineStart = lineEnd;
        }

        return output?.ToString() ?? text;
    }
}
